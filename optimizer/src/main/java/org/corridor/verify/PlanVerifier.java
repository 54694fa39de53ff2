package org.corridor.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.plan.Plan.Leg;
import org.corridor.plan.Plan.Route;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.Stock;
import org.corridor.solve.SolveOptions;

/**
 * Checks a plan against its scenario without trusting the solver: it reads only the scenario's
 * records and the plan's wire format, never the solver's network or allocation code, and has its
 * own reading of the access rules ({@link AccessReading}). Every violation is listed, not just
 * the first.
 *
 * <p>The checks come in families; each family is one method below, registered in {@link #FAMILIES}.
 * A later stage (convoys, last mile) adds its checks by writing one more such method and adding it to
 * the list. Routes whose agency, commodity or tonnes are unusable are reported once and left out of
 * the per-route families, so one mistake does not cascade into a page of violations; plan-wide sums
 * (stocks, needs, budget, KPIs) still count every route, as the plan's own totals do.
 *
 * <p>Numbers are compared with a relative tolerance of {@value #TOLERANCE} (LP solutions carry
 * round-off). Stateless and thread-safe.
 */
public final class PlanVerifier {

    /** Relative tolerance for tonnes and shares: |a - b| <= TOLERANCE x max(1, |a|, |b|). */
    static final double TOLERANCE = 1e-6;

    private PlanVerifier() {}

    /** One family of checks: reads the context, appends what it finds. */
    @FunctionalInterface
    interface CheckFamily {
        void check(Context c, List<Violation> out);
    }

    /** In the order their violations are listed. */
    private static final List<CheckFamily> FAMILIES = List.of(
            PlanVerifier::routeReferences,
            PlanVerifier::routeGeometry,
            PlanVerifier::routeEnds,
            PlanVerifier::closures,
            PlanVerifier::deniedAreas,
            PlanVerifier::womenStaff,
            PlanVerifier::commodityRestrictions,
            PlanVerifier::legLosses,
            PlanVerifier::routeTotals,
            PlanVerifier::routeRiskCap,
            PlanVerifier::riskBudget,
            PlanVerifier::stocks,
            PlanVerifier::needs,
            PlanVerifier::roadCapacity,
            PlanVerifier::unmet,
            PlanVerifier::kpis);

    /**
     * Every way in which {@code plan} breaks {@code scenario}.
     *
     * @param scenario the scenario the plan claims to be for (its rules are the ones checked)
     * @param plan     the plan; its {@code options()} give horizon, route risk cap and risk budget
     *                 ({@link SolveOptions#DEFAULTS} when null)
     * @return the violations in check-family order, then route order; empty when the plan is valid
     */
    public static List<Violation> verify(Scenario scenario, Plan plan) {
        Context c = new Context(scenario, plan);
        List<Violation> out = new ArrayList<>();
        for (CheckFamily f : FAMILIES) f.check(c, out);
        return List.copyOf(out);
    }

    /** What every family reads: the scenario indexed by id, the plan, the verifier's reading of the rules. */
    static final class Context {
        final Scenario scenario;
        final Plan plan;
        final SolveOptions options;
        final Map<String, Location> locations;
        final Map<String, Road> roads;
        final Map<String, Agency> agencies;
        final Map<String, Commodity> commodities;
        final AccessReading access;
        /** Routes whose agency, commodity and tonnes are usable: the ones the per-route families look at. */
        final List<Route> routes = new ArrayList<>();
        /** "agency/location/commodity" -> tonnes available before the horizon ends. */
        final Map<String, Double> stock = new LinkedHashMap<>();
        /** "location/commodity" -> {need tonnes, severity weight x need tonnes}, in scenario order. */
        final Map<String, double[]> need = new LinkedHashMap<>();

        Context(Scenario scenario, Plan plan) {
            this.scenario = scenario;
            this.plan = plan;
            this.options = plan.options() != null ? plan.options() : SolveOptions.DEFAULTS;
            this.locations = scenario.locationsById();
            this.roads = scenario.roadsById();
            this.agencies = scenario.agenciesById();
            this.commodities = scenario.commoditiesById();
            this.access = new AccessReading(scenario, options.horizonDays());
            for (Route r : plan.routes()) if (usable(r)) routes.add(r);
            for (Stock s : scenario.stocks())
                if (s.availableFromDay() < options.horizonDays()) stock.merge(s.agency() + "/" + s.location() + "/" + s.commodity(), s.tonnes(), Double::sum);
            for (Need n : scenario.needs()) {
                double[] t = need.computeIfAbsent(n.location() + "/" + n.commodity(), k -> new double[2]);
                t[0] += n.tonnes();
                t[1] += n.severityWeight() * n.tonnes();
            }
        }

        private boolean usable(Route r) {
            if (!agencies.containsKey(r.agency()) || !commodities.containsKey(r.commodity())) return false;
            if (!finiteNonNegative(r.tonnesDispatched()) || !finiteNonNegative(r.tonnesDelivered())) return false;
            for (Leg l : r.legs()) if (!finiteNonNegative(l.tonnesIn()) || !finiteNonNegative(l.tonnesOut())) return false;
            return true;
        }

        /** The locations a route visits, in order: its origin, then the far end of every leg. */
        List<String> stops(Route r) {
            List<String> stops = new ArrayList<>();
            stops.add(r.origin());
            for (Leg l : r.legs()) stops.add(l.to());
            return stops;
        }

        /** Provinces a route enters, in the order it enters them. */
        Set<String> provinces(Route r) {
            Set<String> out = new LinkedHashSet<>();
            for (String s : stops(r)) {
                Location l = locations.get(s);
                if (l != null) out.add(l.province());
            }
            return out;
        }

        int horizon() { return options.horizonDays(); }
    }

    // ---------------------------------------------------------------- route families

    /** Agency and commodity exist; tonnes are finite and >= 0. */
    static void routeReferences(Context c, List<Violation> out) {
        for (Route r : c.plan.routes()) {
            if (!c.agencies.containsKey(r.agency()))
                out.add(new Violation(Violation.Code.UNKNOWN_REFERENCE, r.id(), "route names unknown agency " + r.agency()));
            if (!c.commodities.containsKey(r.commodity()))
                out.add(new Violation(Violation.Code.UNKNOWN_REFERENCE, r.id(), "route names unknown commodity " + r.commodity()));
            boolean badTonnes = !finiteNonNegative(r.tonnesDispatched()) || !finiteNonNegative(r.tonnesDelivered());
            for (Leg l : r.legs()) badTonnes |= !finiteNonNegative(l.tonnesIn()) || !finiteNonNegative(l.tonnesOut());
            if (badTonnes) out.add(new Violation(Violation.Code.UNKNOWN_REFERENCE, r.id(), "route carries negative or non-finite tonnes"));
        }
    }

    /**
     * Legs are scenario roads, each leg's ends are its road's ends, leg i ends where leg i+1 starts,
     * the first starts at the origin, the last ends at the destination, one-way roads are driven forwards.
     */
    static void routeGeometry(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            String at = r.origin();
            for (int i = 0; i < r.legs().size(); i++) {
                Leg l = r.legs().get(i);
                Road road = c.roads.get(l.road());
                if (road == null) {
                    out.add(new Violation(Violation.Code.UNKNOWN_ROAD, r.id(), "leg " + (i + 1) + " uses unknown road " + l.road()));
                } else if (!(l.from().equals(road.from()) && l.to().equals(road.to()))
                        && !(!road.directed() && l.from().equals(road.to()) && l.to().equals(road.from()))) {
                    out.add(new Violation(Violation.Code.DISCONNECTED_ROUTE, r.id(), "leg " + (i + 1) + " does not drive road " + road.id()
                            + (road.directed() ? " in its one allowed direction" : " between its two ends")));
                }
                if (!l.from().equals(at))
                    out.add(new Violation(Violation.Code.DISCONNECTED_ROUTE, r.id(), "leg " + (i + 1) + " starts at " + l.from() + ", not at " + at + " where the route is"));
                at = l.to();
            }
            if (!at.equals(r.destination()))
                out.add(new Violation(Violation.Code.DISCONNECTED_ROUTE, r.id(), "route ends at " + at + ", not at its destination " + r.destination()));
        }
    }

    /** The origin holds stock of the agency and commodity available within the horizon; the destination needs the commodity. */
    static void routeEnds(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            if (!c.stock.containsKey(r.agency() + "/" + r.origin() + "/" + r.commodity()))
                out.add(new Violation(Violation.Code.NO_STOCK_AT_ORIGIN, r.id(), r.agency() + " holds no " + r.commodity()
                        + " at " + r.origin() + " available within the " + c.horizon() + "-day horizon"));
            if (!c.need.containsKey(r.destination() + "/" + r.commodity()))
                out.add(new Violation(Violation.Code.NO_NEED_AT_DESTINATION, r.id(), "no need for " + r.commodity() + " at " + r.destination()));
        }
    }

    /** No leg on a road closed every day of the horizon; no stop at a closed entry point. */
    static void closures(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            for (Leg l : r.legs()) {
                Road road = c.roads.get(l.road());
                if (road != null && c.access.openDays(road) == 0)
                    out.add(new Violation(Violation.Code.ROAD_CLOSED, r.id(), "road " + road.id() + " is closed on every day of the horizon"));
            }
            for (String stop : new LinkedHashSet<>(c.stops(r))) {
                AccessRule.EntryPointClosed closed = c.access.entryPointClosure(stop);
                if (closed != null)
                    out.add(new Violation(Violation.Code.ENTRY_POINT_CLOSED, r.id(), "passes entry point " + stop + " closed by rule " + closed.id()));
            }
        }
    }

    /** No route enters a province denied to its agency (or to all agencies). */
    static void deniedAreas(Context c, List<Violation> out) {
        for (Route r : c.routes)
            for (String province : c.provinces(r)) {
                AccessRule.AreaDenied denied = c.access.denial(province, r.agency());
                if (denied != null)
                    out.add(new Violation(Violation.Code.AREA_DENIED, r.id(), r.agency() + " enters " + province + " denied by rule " + denied.id()));
            }
    }

    /**
     * A commodity needing women staff is delivered in province P only by an agency fielding women
     * staff in P, and, where a women-staff bar on P binds, only by an agency it exempts.
     */
    static void womenStaff(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            if (!c.commodities.get(r.commodity()).needsWomenStaff()) continue;
            String province = c.access.province(r.destination());
            if (!c.agencies.get(r.agency()).fieldsWomenStaffIn(province))
                out.add(new Violation(Violation.Code.WOMEN_STAFF, r.id(), r.commodity() + " needs women staff, which "
                        + r.agency() + " does not field in " + province));
            for (AccessRule.WomenStaffBarred bar : c.access.womenStaffBars(province))
                if (!bar.exemptAgencies().contains(r.agency()))
                    out.add(new Violation(Violation.Code.WOMEN_STAFF, r.id(), r.commodity() + " needs women staff, barred in "
                            + province + " by rule " + bar.id() + " which does not exempt " + r.agency()));
        }
    }

    /** No route brings a commodity into a province (as destination or in transit) where it is restricted. */
    static void commodityRestrictions(Context c, List<Violation> out) {
        for (Route r : c.routes)
            for (String province : c.provinces(r)) {
                AccessRule.CommodityRestricted rule = c.access.restriction(province, r.commodity());
                if (rule != null)
                    out.add(new Violation(Violation.Code.COMMODITY_RESTRICTED, r.id(), r.commodity() + " brought into "
                            + province + " restricted by rule " + rule.id()));
            }
    }

    /** Every leg: stated risk = effective risk p, and tonnesOut = tonnesIn x (1 - p). */
    static void legLosses(Context c, List<Violation> out) {
        for (Route r : c.routes)
            for (int i = 0; i < r.legs().size(); i++) {
                Leg l = r.legs().get(i);
                Road road = c.roads.get(l.road());
                if (road == null) continue;
                double p = c.access.effectiveRisk(road, r.agency());
                if (Math.abs(l.risk() - p) > 1e-9)
                    out.add(new Violation(Violation.Code.LOSS_MISMATCH, r.id(), "leg " + (i + 1) + " on road " + road.id()
                            + " states risk " + num(l.risk()) + " but the rules give " + num(p)));
                double expectedOut = l.tonnesIn() * (1 - p);
                if (!close(l.tonnesOut(), expectedOut))
                    out.add(new Violation(Violation.Code.LOSS_MISMATCH, r.id(), "leg " + (i + 1) + " on road " + road.id()
                            + " delivers " + num(l.tonnesOut()) + " t, not tonnes in x (1 - risk) = " + num(expectedOut) + " t"));
            }
    }

    /** dispatched = first leg's tonnes in; leg i out = leg i+1 in; delivered = last leg's out; diversion = dispatched - delivered. */
    static void routeTotals(Context c, List<Violation> out) {
        for (Route r : c.routes) {
            List<Leg> legs = r.legs();
            double first = legs.isEmpty() ? r.tonnesDelivered() : legs.get(0).tonnesIn();
            double last = legs.isEmpty() ? r.tonnesDispatched() : legs.get(legs.size() - 1).tonnesOut();
            if (!close(r.tonnesDispatched(), first))
                out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "dispatches " + num(r.tonnesDispatched()) + " t but its first leg takes in " + num(first) + " t"));
            if (!close(r.tonnesDelivered(), last))
                out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "delivers " + num(r.tonnesDelivered()) + " t but its last leg gives out " + num(last) + " t"));
            for (int i = 0; i + 1 < legs.size(); i++)
                if (!close(legs.get(i).tonnesOut(), legs.get(i + 1).tonnesIn()))
                    out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "leg " + (i + 1) + " gives out " + num(legs.get(i).tonnesOut())
                            + " t but leg " + (i + 2) + " takes in " + num(legs.get(i + 1).tonnesIn()) + " t"));
            double diversion = r.tonnesDispatched() - r.tonnesDelivered();
            if (!close(r.expectedDiversionTonnes(), diversion))
                out.add(new Violation(Violation.Code.ROUTE_TOTALS, r.id(), "states expected diversion " + num(r.expectedDiversionTonnes())
                        + " t, not dispatched - delivered = " + num(diversion) + " t"));
        }
    }

    /** Every route: 1 - prod(1 - p_leg) <= routeRiskCap, with p the effective risks. */
    static void routeRiskCap(Context c, List<Violation> out) {
        double cap = c.options.routeRiskCap();
        for (Route r : c.routes) {
            double survive = 1;
            for (Leg l : r.legs()) {
                Road road = c.roads.get(l.road());
                if (road != null) survive *= 1 - c.access.effectiveRisk(road, r.agency());
            }
            double loss = 1 - survive;
            if (r.tonnesDispatched() > 0 && loss > cap + TOLERANCE)
                out.add(new Violation(Violation.Code.ROUTE_RISK_CAP, r.id(), "route loses " + num(loss) + " of its cargo, above the cap " + num(cap)));
        }
    }

    /** With a risk budget b: sum(dispatched - delivered) <= b x sum(dispatched). */
    static void riskBudget(Context c, List<Violation> out) {
        Double budget = c.options.riskBudget();
        if (budget == null) return;
        double dispatched = 0, diverted = 0;
        for (Route r : c.plan.routes()) {
            dispatched += r.tonnesDispatched();
            diverted += r.tonnesDispatched() - r.tonnesDelivered();
        }
        if (diverted > budget * dispatched + TOLERANCE * Math.max(1, dispatched))
            out.add(new Violation(Violation.Code.RISK_BUDGET, "plan", "expected diversion " + num(diverted) + " t is above the budget "
                    + num(budget) + " x " + num(dispatched) + " t dispatched"));
    }

    // ---------------------------------------------------------------- aggregate families

    /** For every (agency, location, commodity): sum of dispatched <= stock available within the horizon. */
    static void stocks(Context c, List<Violation> out) {
        Map<String, Double> sent = new LinkedHashMap<>();
        for (Route r : c.plan.routes()) sent.merge(r.agency() + "/" + r.origin() + "/" + r.commodity(), r.tonnesDispatched(), Double::sum);
        for (Map.Entry<String, Double> e : sent.entrySet()) {
            Double held = c.stock.get(e.getKey());
            if (held != null && !atMost(e.getValue(), held))
                out.add(new Violation(Violation.Code.STOCK_EXCEEDED, e.getKey(), "dispatches " + num(e.getValue()) + " t from a stock of " + num(held) + " t"));
        }
    }

    /** For every (location, commodity): sum of delivered <= need. */
    static void needs(Context c, List<Violation> out) {
        for (Map.Entry<String, Double> e : delivered(c).entrySet()) {
            double[] need = c.need.get(e.getKey());
            if (need != null && !atMost(e.getValue(), need[0]))
                out.add(new Violation(Violation.Code.NEED_EXCEEDED, e.getKey(), "delivers " + num(e.getValue()) + " t against a need of " + num(need[0]) + " t"));
        }
    }

    /** For every road and direction: sum of tonnes entering it <= capacityTpd x open days of the horizon. */
    static void roadCapacity(Context c, List<Violation> out) {
        Map<String, Double> load = new LinkedHashMap<>();
        for (Route r : c.routes)
            for (Leg l : r.legs())
                if (c.roads.containsKey(l.road())) load.merge(l.road() + "/" + l.from(), l.tonnesIn(), Double::sum);
        for (Map.Entry<String, Double> e : load.entrySet()) {
            Road road = c.roads.get(e.getKey().split("/")[0]);
            int open = c.access.openDays(road);
            if (open == 0) continue; // already reported as ROAD_CLOSED
            double capacity = road.capacityTpd() * open;
            if (!atMost(e.getValue(), capacity))
                out.add(new Violation(Violation.Code.ROAD_CAPACITY, road.id(), num(e.getValue()) + " t enter it in one direction over the horizon, above "
                        + num(road.capacityTpd()) + " t/day x " + open + " open days"));
        }
    }

    /** For every (location, commodity) with a need: stated unmet = need - delivered (absent when zero); no unmet without a need. */
    static void unmet(Context c, List<Violation> out) {
        Map<String, Double> stated = new LinkedHashMap<>();
        for (Plan.Unmet u : c.plan.unmet()) stated.merge(u.location() + "/" + u.commodity(), u.tonnes(), Double::sum);
        Map<String, Double> delivered = delivered(c);
        for (Map.Entry<String, double[]> e : c.need.entrySet()) {
            String key = e.getKey();
            double expected = Math.max(0, e.getValue()[0] - delivered.getOrDefault(key, 0.0));
            double claimed = stated.getOrDefault(key, 0.0);
            if (!close(claimed, expected))
                out.add(new Violation(Violation.Code.UNMET_MISMATCH, key, "plan states " + num(claimed) + " t unmet, need - delivered is " + num(expected) + " t"));
        }
        for (String key : stated.keySet())
            if (!c.need.containsKey(key))
                out.add(new Violation(Violation.Code.UNMET_MISMATCH, key, "plan states unmet need where the scenario has none"));
    }

    /**
     * KPIs recomputed: needTonnes = sum need; delivered/dispatched = sums over routes; diversion =
     * dispatched - delivered; share = diversion / dispatched; coverage = sum_k w_k min(d_k, n_k) / sum_k w_k n_k
     * over (location, commodity) keys, with w the severity weight.
     */
    static void kpis(Context c, List<Violation> out) {
        Plan.Kpis k = c.plan.kpis();
        if (k == null) {
            out.add(new Violation(Violation.Code.KPI_MISMATCH, "kpis", "plan has no KPIs"));
            return;
        }
        double need = 0, weightedNeed = 0, weightedDelivered = 0;
        Map<String, Double> delivered = delivered(c);
        for (Map.Entry<String, double[]> e : c.need.entrySet()) {
            double[] t = e.getValue();
            need += t[0];
            weightedNeed += t[1];
            if (t[0] > 0) weightedDelivered += t[1] * Math.min(1, delivered.getOrDefault(e.getKey(), 0.0) / t[0]);
        }
        double dispatched = 0, deliveredTotal = 0;
        for (Route r : c.plan.routes()) {
            dispatched += r.tonnesDispatched();
            deliveredTotal += r.tonnesDelivered();
        }
        double diversion = dispatched - deliveredTotal;
        kpi(out, "coverage", k.coverage(), weightedNeed > 0 ? weightedDelivered / weightedNeed : 1);
        kpi(out, "needTonnes", k.needTonnes(), need);
        kpi(out, "deliveredTonnes", k.deliveredTonnes(), deliveredTotal);
        kpi(out, "dispatchedTonnes", k.dispatchedTonnes(), dispatched);
        kpi(out, "expectedDiversionTonnes", k.expectedDiversionTonnes(), diversion);
        kpi(out, "expectedDiversionShare", k.expectedDiversionShare(), dispatched > 0 ? diversion / dispatched : 0);
    }

    private static void kpi(List<Violation> out, String name, double stated, double recomputed) {
        if (!close(stated, recomputed))
            out.add(new Violation(Violation.Code.KPI_MISMATCH, name, "plan states " + num(stated) + ", the routes give " + num(recomputed)));
    }

    // ---------------------------------------------------------------- shared arithmetic

    /** Delivered tonnes per "location/commodity", over all routes (plan-wide sums keep even a route with a bad reference). */
    private static Map<String, Double> delivered(Context c) {
        Map<String, Double> d = new LinkedHashMap<>();
        for (Route r : c.plan.routes()) d.merge(r.destination() + "/" + r.commodity(), r.tonnesDelivered(), Double::sum);
        return d;
    }

    static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    static boolean atMost(double a, double limit) {
        return a <= limit + TOLERANCE * Math.max(1, Math.abs(limit));
    }

    private static boolean finiteNonNegative(double v) { return v >= 0 && !Double.isInfinite(v); }

    private static String num(double v) { return String.format(Locale.ROOT, "%.6g", v); }
}
