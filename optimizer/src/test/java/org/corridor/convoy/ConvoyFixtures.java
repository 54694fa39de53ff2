package org.corridor.convoy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;

/**
 * Hand-sized worlds for the convoy tests (illustrative, not real data). A line of places
 * W (warehouse, province P1) - B (P2) - C (P3) - E (P4), roads of chosen hours, one commodity FOOD.
 */
final class ConvoyFixtures {
    static final AccessRule.Provenance TEST = new AccessRule.Provenance("test", AccessRule.Reliability.A, LocalDate.of(2026, 1, 1));
    static final ConvoyOptions TEN_HOUR_DAYS = new ConvoyOptions(10, 1, true, 0.2);

    private ConvoyFixtures() {}

    /** A scenario builder with sensible defaults; tests change only what they are about. */
    static final class World {
        final List<Location> locations = new ArrayList<>(List.of(
                loc("W", "P1", Location.Kind.WAREHOUSE), loc("B", "P2", Location.Kind.PROVINCE_CENTRE),
                loc("C", "P3", Location.Kind.PROVINCE_CENTRE), loc("E", "P4", Location.Kind.PROVINCE_CENTRE)));
        final List<Road> roads = new ArrayList<>();
        final List<Agency> agencies = new ArrayList<>();
        final List<Need> needs = new ArrayList<>();
        final List<AccessRule> rules = new ArrayList<>();
        final List<Plan.Route> routes = new ArrayList<>();
        final List<Commodity> commodities = new ArrayList<>(List.of(new Commodity("FOOD", "Food", 1, false, 0, false)));

        World road(String id, String from, String to, double hours) {
            roads.add(new Road(id, from, to, hours * 50, hours, 1000, 0.01, 1, false, List.of(), "road " + id));
            return this;
        }

        World agency(String id, Agency.Vehicle... fleet) {
            agencies.add(new Agency(id, id, Agency.Type.UN, Set.of(), List.of(fleet)));
            return this;
        }

        World need(String location, int phase, int latestDay) {
            needs.add(new Need(location, "FOOD", 1000, phase, latestDay, 1000));
            return this;
        }

        World rule(AccessRule r) { rules.add(r); return this; }

        /** A route along the given roads (in order from W), carrying {@code tonnes} with loss share {@code loss}. */
        World route(String id, String agency, double tonnes, double loss, String... roadIds) {
            Map<String, Road> byId = new LinkedHashMap<>();
            for (Road r : roads) byId.put(r.id(), r);
            List<Plan.Leg> legs = new ArrayList<>();
            String at = "W";
            for (String rid : roadIds) {
                Road r = byId.get(rid);
                String next = r.other(at);
                legs.add(new Plan.Leg(rid, at, next, r.km(), r.hours(), 0, tonnes, tonnes));
                at = next;
            }
            routes.add(new Plan.Route(id, agency, "FOOD", "W", at, legs, tonnes, tonnes * (1 - loss), tonnes * loss, 0, 0));
            return this;
        }

        Scenario scenario() {
            return new Scenario("test", LocalDate.of(2026, 1, 1), locations, roads, agencies, commodities, List.of(), needs, rules);
        }

        /**
         * An allocation-only plan of these routes. The time limit is generous on purpose: in
         * deterministic mode the work limit (0.2 deterministic seconds per agency) ends the search,
         * and the wall clock must not (tests share a loaded machine).
         */
        Plan plan(int horizon, int threads) { return plan(horizon, threads, 300); }

        Plan plan(int horizon, int threads, double timeLimitSeconds) {
            SolveOptions o = new SolveOptions(horizon, null, 0.01, 0.25, 0, timeLimitSeconds, threads, 4711);
            Plan.Kpis k = new Plan.Kpis(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
            Plan.SolverRecord s = new Plan.SolverRecord("OPTIMAL", 0, 0, 0, Map.of(), "test", 4711, threads, "9.15", 10);
            return new Plan("test-plan", 1, "test", o, k, routes, List.of(), s);
        }

        Plan schedule(int horizon) { return schedule(horizon, 1, TEN_HOUR_DAYS, null); }

        Plan schedule(int horizon, int threads, ConvoyOptions options, Plan previous) {
            return schedule(plan(horizon, threads), options, previous);
        }

        Plan schedule(Plan allocation, ConvoyOptions options, Plan previous) {
            try (WorkerPool pool = new WorkerPool(allocation.options().effectiveThreads())) {
                return ConvoyScheduler.schedule(scenario(), allocation, options, pool, SolveControl.NONE, previous);
            }
        }
    }

    static Location loc(String id, String province, Location.Kind kind) {
        return new Location(id, id, kind, province, "R", 34.5, 69.2, 0);
    }

    static Agency.Vehicle trucks(String type, double payload, int count, String base) {
        return new Agency.Vehicle(type, payload, count, base);
    }

    static DayWindow days(int from, int to) { return new DayWindow(from, to); }

    /**
     * A seeded random world of the given size (illustrative): a chain of places, agencies with two
     * vehicle groups each, routes from W to random places, random needs, caps and permits.
     */
    static World random(long seed, int agencies, int routes) {
        Random rnd = new Random(seed);
        World w = new World();
        w.locations.clear();
        int places = 8;
        w.locations.add(loc("W", "P0", Location.Kind.WAREHOUSE));
        for (int i = 1; i < places; i++) w.locations.add(loc("L" + i, "P" + i, Location.Kind.PROVINCE_CENTRE));
        for (int i = 1; i < places; i++) w.road("R" + i, i == 1 ? "W" : "L" + (i - 1), "L" + i, 3 + rnd.nextInt(8));
        for (int i = 1; i < places; i++) w.need("L" + i, 3 + rnd.nextInt(3), 6 + rnd.nextInt(10));
        for (int a = 0; a < agencies; a++)
            w.agency("A" + a, trucks("T10", 10, 2 + rnd.nextInt(4), "W"), trucks("T20", 20, 1 + rnd.nextInt(3), "L1"));
        w.rule(new AccessRule.ConvoySizeLimit("CAP", "P3", 3, TEST, DayWindow.ALWAYS));
        w.rule(new AccessRule.PermitRequired("PERMIT", "P5", null, 2, 0, TEST, DayWindow.ALWAYS));
        for (int r = 0; r < routes; r++) {
            int dest = 1 + rnd.nextInt(places - 1);
            String[] path = new String[dest];
            for (int i = 0; i < dest; i++) path[i] = "R" + (i + 1);
            w.route("ROUTE" + r, "A" + rnd.nextInt(agencies), 20 + rnd.nextInt(120), rnd.nextInt(10) / 100.0, path);
        }
        return w;
    }
}
