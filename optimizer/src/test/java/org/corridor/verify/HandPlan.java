package org.corridor.verify;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.plan.Plan.Leg;
import org.corridor.plan.Plan.Route;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.Stock;
import org.corridor.solve.SolveOptions;

/**
 * A four-place scenario and a valid plan for it, worked out by hand, for tests to corrupt one thing
 * at a time.
 *
 * <pre>
 *   EP (border, AF01) --R1 risk .10-- KAB (AF01) --R2 risk .20-- B (AF02)
 *                                        \--R3 risk .05-- C (AF03)
 * </pre>
 * Every road carries 10 t/day; horizon 10 days, so 100 t per road and direction. AG1 (UN, women
 * staff in AF02) holds 100 t FOOD and 20 t NUT (needs women staff) at EP; AG2 (NNGO) holds 40 t
 * FOOD at KAB. Needs: B FOOD 80 t phase 4 (w 3), B NUT 10 t phase 5 (w 9), C FOOD 50 t phase 3 (w 1).
 *
 * <p>Plan: T1 AG1 FOOD EP-KAB-B 50 t: 50 x .9 = 45, 45 x .8 = 36 delivered. T2 AG1 NUT EP-KAB-B 10 t:
 * 9, then 7.2 delivered. T3 AG2 FOOD KAB-C 40 t: 38 delivered. Totals: dispatched 100, delivered 81.2,
 * diversion 18.8 (share .188); unmet B/FOOD 44, B/NUT 2.8, C/FOOD 12; coverage = (3x36 + 9x7.2 + 38)
 * / (3x80 + 9x10 + 50) = 210.8 / 380. T1 and T2 lose 1 - .9 x .8 = .28 each, so the route cap is .30.
 */
final class HandPlan {
    static final SolveOptions OPTIONS = new SolveOptions(10, null, 0.01, 0.30, 0.0, 10, 1, 7);
    static final AccessRule.Provenance SOURCE = new AccessRule.Provenance("test fixture", AccessRule.Reliability.E, LocalDate.of(2026, 1, 1));

    private HandPlan() {}

    static List<Location> locations() {
        return List.of(
                new Location("EP", "Entry", Location.Kind.BORDER_CROSSING, "AF01", "East", 34.0, 71.0, 0),
                new Location("KAB", "Capital", Location.Kind.PROVINCE_CENTRE, "AF01", "Central", 34.5, 69.2, 1000),
                new Location("B", "Bee", Location.Kind.PROVINCE_CENTRE, "AF02", "Central", 35.0, 69.0, 1000),
                new Location("C", "Cee", Location.Kind.PROVINCE_CENTRE, "AF03", "North", 36.0, 68.0, 1000));
    }

    static Road road(String id, String from, String to, double risk) {
        return new Road(id, from, to, 100, 2, 10, risk, 1, false, List.of(), id);
    }

    static List<Road> roads() {
        return List.of(road("R1", "EP", "KAB", 0.10), road("R2", "KAB", "B", 0.20), road("R3", "KAB", "C", 0.05));
    }

    static List<Agency> agencies() {
        return List.of(
                new Agency("AG1", "Agency one", Agency.Type.UN, Set.of("AF02"), List.of(new Agency.Vehicle("T10", 10, 5, "EP"))),
                new Agency("AG2", "Agency two", Agency.Type.NNGO, Set.of(), List.of(new Agency.Vehicle("T10", 10, 5, "KAB"))));
    }

    static List<Commodity> commodities() {
        return List.of(new Commodity("FOOD", "Food", 1, false, 0, false), new Commodity("NUT", "Nutrition", 1, true, 0, false));
    }

    static List<Stock> stocks() {
        return List.of(new Stock("AG1", "EP", "FOOD", 100, 0), new Stock("AG1", "EP", "NUT", 20, 0), new Stock("AG2", "KAB", "FOOD", 40, 0));
    }

    static List<Need> needs() {
        return List.of(new Need("B", "FOOD", 80, 4, 30, 8000), new Need("B", "NUT", 10, 5, 30, 1000), new Need("C", "FOOD", 50, 3, 30, 5000));
    }

    static Scenario scenario() { return scenario(List.of()); }

    static Scenario scenario(List<AccessRule> rules) {
        return new Scenario("hand", LocalDate.of(2026, 1, 1), locations(), roads(), agencies(), commodities(), stocks(), needs(), rules);
    }

    static Scenario scenario(List<Road> roads, List<AccessRule> rules) {
        return new Scenario("hand", LocalDate.of(2026, 1, 1), locations(), roads, agencies(), commodities(), stocks(), needs(), rules);
    }

    /** The scenario with one list replaced, e.g. {@code with(s -> ..., HandPlan::stocks)} style edits. */
    static Scenario scenario(UnaryOperator<List<Road>> roads, UnaryOperator<List<Agency>> agencies,
                             UnaryOperator<List<Stock>> stocks, UnaryOperator<List<Need>> needs) {
        return new Scenario("hand", LocalDate.of(2026, 1, 1), locations(), roads.apply(roads()), agencies.apply(agencies()),
                commodities(), stocks.apply(stocks()), needs.apply(needs()), List.of());
    }

    static Leg leg(String road, String from, String to, double risk, double in) {
        return new Leg(road, from, to, 100, 2, risk, in, in * (1 - risk));
    }

    static Route route(String id, String agency, String commodity, String origin, String destination, List<Leg> legs) {
        double in = legs.get(0).tonnesIn(), out = legs.get(legs.size() - 1).tonnesOut();
        return new Route(id, agency, commodity, origin, destination, legs, in, out, in - out, 0, 1);
    }

    static List<Route> routes() {
        return List.of(
                route("T1", "AG1", "FOOD", "EP", "B", List.of(leg("R1", "EP", "KAB", 0.10, 50), leg("R2", "KAB", "B", 0.20, 45))),
                route("T2", "AG1", "NUT", "EP", "B", List.of(leg("R1", "EP", "KAB", 0.10, 10), leg("R2", "KAB", "B", 0.20, 9))),
                route("T3", "AG2", "FOOD", "KAB", "C", List.of(leg("R3", "KAB", "C", 0.05, 40))));
    }

    static List<Plan.Unmet> unmet() {
        return List.of(new Plan.Unmet("B", "FOOD", 44, 3), new Plan.Unmet("B", "NUT", 2.8, 9), new Plan.Unmet("C", "FOOD", 12, 1));
    }

    /** Losses by the region of each leg's end: KAB and B are Central (5 + 1 on R1, 9 + 1.8 on R2), C North (2 on R3). */
    static final Map<String, Double> DIVERSION_BY_REGION = Map.of("Central", 16.8, "North", 2.0);

    static Plan.Kpis kpis() {
        return kpis(210.8 / 380, 140, 81.2, 100, DIVERSION_BY_REGION);
    }

    static Plan.Kpis kpis(double coverage, double need, double delivered, double dispatched, Map<String, Double> diversionByRegion) {
        double diversion = dispatched - delivered;
        return new Plan.Kpis(coverage, need, delivered, dispatched, diversion, diversion / dispatched, 0, 0, 0, diversionByRegion);
    }

    static Plan plan() { return plan(routes(), unmet(), kpis(), OPTIONS); }

    static Plan plan(List<Route> routes, List<Plan.Unmet> unmet, Plan.Kpis kpis, SolveOptions options) {
        return new Plan("hand-1", 1, "hand", options, kpis, routes, unmet,
                new Plan.SolverRecord("OPTIMAL", 0, 0, 0, Map.of(), "none", 7, 1, "none", 10));
    }

    /** The plan with route {@code index} replaced by {@code edit} of it. */
    static Plan withRoute(int index, UnaryOperator<Route> edit) {
        List<Route> routes = new ArrayList<>(routes());
        routes.set(index, edit.apply(routes.get(index)));
        return plan(routes, unmet(), kpis(), OPTIONS);
    }

    static SolveOptions options(double routeRiskCap, Double riskBudget) {
        return new SolveOptions(10, riskBudget, 0.01, routeRiskCap, 0.0, 10, 1, 7);
    }

    static DayWindow days(int from, int to) { return new DayWindow(from, to); }
}
