package org.corridor.plan;

import java.util.List;
import java.util.Map;
import org.corridor.solve.SolveOptions;

/**
 * The coordinator's view of a solve: KPIs, explicit routes with their losses, unmet need and the
 * solver record. This is a wire format (serialised as-is to plan JSON, described by
 * {@code data/schemas/plan.schema.json}); solver internals map into it and never leak out.
 *
 * <p>Numbers are tonnes unless named otherwise. Lists are in a fixed order (routes by id, unmet by
 * location then commodity), so the same solve gives byte-identical JSON.
 */
public record Plan(String planId, int version, String scenario, SolveOptions options, Kpis kpis,
                   List<Route> routes, List<Unmet> unmet, SolverRecord solver,
                   List<Convoy> convoys, List<RouteSchedule> routeSchedules, ConvoyRecord convoySolver) {

    public Plan {
        routes = List.copyOf(routes);
        unmet = List.copyOf(unmet);
        convoys = convoys == null ? List.of() : List.copyOf(convoys);
        routeSchedules = routeSchedules == null ? List.of() : List.copyOf(routeSchedules);
    }

    /** An allocation-only plan (no convoys yet): what the allocation stage builds. */
    public Plan(String planId, int version, String scenario, SolveOptions options, Kpis kpis,
                List<Route> routes, List<Unmet> unmet, SolverRecord solver) {
        this(planId, version, scenario, options, kpis, routes, unmet, solver, List.of(), List.of(), null);
    }

    /** This plan with the convoy stage's output (replacing any earlier one). */
    public Plan withConvoys(List<Convoy> newConvoys, List<RouteSchedule> schedules, ConvoyRecord record) {
        return new Plan(planId, version, scenario, options, kpis, routes, unmet, solver, newConvoys, schedules, record);
    }

    /** The id of the field team of {@code agency} at {@code hub}: {@code AGENCY@HUB}. */
    public static String teamId(String agency, String hub) { return agency + "@" + hub; }

    /**
     * Cargo of one commodity sent by one agency from a stock location to a need location along an
     * explicit sequence of roads. Cargo entering a leg with risk p leaves it as (1 - p) of itself.
     */
    public record Route(String id, String agency, String commodity, String origin, String destination,
                        List<Leg> legs, double tonnesDispatched, double tonnesDelivered,
                        double expectedDiversionTonnes, int departureDay, int arrivalDay) {
        public Route { legs = List.copyOf(legs); }
    }

    /** One road driven in one direction, with the tonnes entering and leaving it. */
    public record Leg(String road, String from, String to, double km, double hours, double risk,
                      double tonnesIn, double tonnesOut) {}

    /**
     * Whole trucks of one agency, based at {@code hub}, leaving the route's origin together on one day.
     * Day arithmetic (D = {@link ConvoyRecord#dailyDrivingHours()}): a leg that starts after h hours of
     * the route is entered on day {@code departureDay + floor(h / D)}; the convoy arrives on day
     * {@code departureDay + ceil(routeHours / D) - 1}. Its trucks are committed to this convoy (positioning
     * from the hub, loading, the trip and the empty return) on days {@code busyFromDay..busyToDay}.
     *
     * @param team                   {@link #teamId(String, String)} of agency and hub: who dispatches it
     * @param trucks                 vehicle type -> number of trucks
     * @param manifest               commodity -> tonnes loaded
     * @param expectedDiversionTonnes tonnes expected lost on the way (manifest x the route's loss share)
     */
    public record Convoy(String id, String agency, String hub, String team, String route, int departureDay,
                         int arrivalDay, int busyFromDay, int busyToDay, Map<String, Integer> trucks,
                         Map<String, Double> manifest, double expectedDiversionTonnes) {
        public Convoy {
            if (!teamId(agency, hub).equals(team)) throw new IllegalArgumentException("team of convoy " + id + " must be " + teamId(agency, hub));
            if (arrivalDay < departureDay || busyFromDay > departureDay || busyToDay < arrivalDay)
                throw new IllegalArgumentException("convoy " + id + " needs busyFromDay <= departureDay <= arrivalDay <= busyToDay");
            trucks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(trucks));
            manifest = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(manifest));
        }

        public int truckCount() { return trucks.values().stream().mapToInt(Integer::intValue).sum(); }
    }

    /** Why a route's convoys carry less than the allocation asked for. */
    public enum Shortfall {
        /** Everything asked for is scheduled. */
        NONE,
        /** The agency has no vehicle that can reach the route's origin. */
        NO_VEHICLE,
        /** Closures, denials or permit delays leave no departure day within the horizon. */
        CLOSED,
        /** Departure days exist, but none arrives by the need's latest useful day. */
        DEADLINE,
        /** Convoy size caps on the route's provinces limit the trucks per day. */
        CONVOY_CAP,
        /** The agency's vehicles are busy with other convoys (or too few) on the usable days. */
        FLEET
    }

    /**
     * Per route: what the allocation asked for, what the convoys carry, and why any difference.
     *
     * @param detail one line naming the limit (days, cap, deadline); never a coordinate
     */
    public record RouteSchedule(String route, String agency, double askedTonnes, double scheduledTonnes,
                                Shortfall reason, String detail) {}

    /**
     * How the convoy stage ran.
     *
     * @param mode                  DETERMINISTIC (interleaved search, work limit) or PARALLEL (portfolio)
     * @param deterministic         true when every model stopped on optimality or its work limit, so the
     *                              same inputs give the same convoys whatever the thread count
     * @param note                  why the stage is not deterministic, when it is not
     * @param models                CP-SAT models solved (one per agency with routes)
     * @param workersPerModel       CP-SAT workers per model
     * @param status                worst status over the models (OPTIMAL, FEASIBLE, ...)
     * @param weightedDelivered     first objective: severity-weighted tonnes delivered by their deadline
     * @param weightedDeliveredBound the solvers' bound on it
     * @param truckDays             second objective: truck-days committed
     * @param expectedDiversionTonnes third objective: expected diversion of the convoys' cargo
     */
    public record ConvoyRecord(String mode, boolean deterministic, String note, int models, int workersPerModel,
                               String status, double dailyDrivingHours, int loadingDays, double weightedDelivered,
                               double weightedDeliveredBound, long truckDays, double expectedDiversionTonnes) {}

    /** Need left unmet at one location for one commodity. */
    public record Unmet(String location, String commodity, double tonnes, double severityWeight) {}

    /**
     * Headline numbers. {@code coverage} is severity-weighted: sum(w * delivered) / sum(w * need).
     */
    public record Kpis(double coverage, double needTonnes, double deliveredTonnes, double dispatchedTonnes,
                       double expectedDiversionTonnes, double expectedDiversionShare, long peopleReached,
                       double truckKm, double cost, Map<String, Double> diversionByRegion) {}

    /**
     * What produced the plan: enough to reproduce it and to judge it.
     *
     * @param status          OPTIMAL, FEASIBLE, INFEASIBLE, ... as the LP reported
     * @param objective       objective value of the LP
     * @param bound           best bound (equal to the objective for an LP solved to optimality)
     * @param gap             relative gap between objective and bound
     * @param stageMillis     wall time per stage, in pipeline order (excluded from determinism)
     * @param inputHash       SHA-256 of the canonical scenario and options
     * @param seed            random seed used
     * @param threads         worker threads used (excluded from determinism)
     * @param ortoolsVersion  OR-Tools version string
     * @param timeLimitSeconds the time limit each stage ran under
     */
    public record SolverRecord(String status, double objective, double bound, double gap,
                               Map<String, Long> stageMillis, String inputHash, long seed, int threads,
                               String ortoolsVersion, double timeLimitSeconds) {}
}
