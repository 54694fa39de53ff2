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
                   List<Convoy> convoys, List<RouteSchedule> routeSchedules, ConvoyRecord convoySolver,
                   List<LastMileTour> lastMile, List<LastMileDrop> lastMileDropped, List<DistributionPoint> lastMilePoints,
                   LastMileRecord lastMileSolver) {

    public Plan {
        routes = List.copyOf(routes);
        unmet = List.copyOf(unmet);
        convoys = convoys == null ? List.of() : List.copyOf(convoys);
        routeSchedules = routeSchedules == null ? List.of() : List.copyOf(routeSchedules);
        lastMile = lastMile == null ? List.of() : List.copyOf(lastMile);
        lastMileDropped = lastMileDropped == null ? List.of() : List.copyOf(lastMileDropped);
        lastMilePoints = lastMilePoints == null ? List.of() : List.copyOf(lastMilePoints);
    }

    /** A plan without last-mile tours (what the allocation and convoy stages build). */
    public Plan(String planId, int version, String scenario, SolveOptions options, Kpis kpis,
                List<Route> routes, List<Unmet> unmet, SolverRecord solver,
                List<Convoy> convoys, List<RouteSchedule> routeSchedules, ConvoyRecord convoySolver) {
        this(planId, version, scenario, options, kpis, routes, unmet, solver, convoys, routeSchedules, convoySolver,
                List.of(), List.of(), List.of(), null);
    }

    /** An allocation-only plan (no convoys yet): what the allocation stage builds. */
    public Plan(String planId, int version, String scenario, SolveOptions options, Kpis kpis,
                List<Route> routes, List<Unmet> unmet, SolverRecord solver) {
        this(planId, version, scenario, options, kpis, routes, unmet, solver, List.of(), List.of(), null);
    }

    /** This plan with the convoy stage's output (replacing any earlier one). */
    public Plan withConvoys(List<Convoy> newConvoys, List<RouteSchedule> schedules, ConvoyRecord record) {
        return new Plan(planId, version, scenario, options, kpis, routes, unmet, solver, newConvoys, schedules, record,
                lastMile, lastMileDropped, lastMilePoints, lastMileSolver);
    }

    /** This plan with the last-mile stage's output (replacing any earlier one). */
    public Plan withLastMile(List<LastMileTour> tours, List<LastMileDrop> dropped, List<DistributionPoint> points, LastMileRecord record) {
        return new Plan(planId, version, scenario, options, kpis, routes, unmet, solver, convoys, routeSchedules, convoySolver,
                tours, dropped, points, record);
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
     * {@code departureDay + ceil(routeHours / D)} (hours rounded to whole minutes). Its trucks are committed
     * to this convoy (positioning from the hub, loading, the trip and the empty return) on days
     * {@code busyFromDay..busyToDay}.
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

        /**
         * Prefix of the route of a convoy that left under an earlier plan version on a route this plan no
         * longer has (a re-solve after an event closed it under the convoy): {@code previous:R00003} is route
         * R00003 of that version. Such a convoy is on the road: its trucks count in the fleet, but its route,
         * timing and manifest were checked against the version it left under.
         */
        public static final String DEPARTED_ROUTE_PREFIX = "previous:";
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
     * @param status                worst status over the models (OPTIMAL, FEASIBLE, ...)
     * @param weightedDelivered     first objective: severity-weighted tonnes delivered by their deadline
     * @param weightedDeliveredBound the solvers' bound on it
     * @param truckDays             second objective: truck-days committed
     * @param expectedDiversionTonnes third objective: expected diversion of the convoys' cargo
     * @param workLimits            per agency model, the budget it was given: deterministic seconds of CP-SAT work
     *                              (DETERMINISTIC) or wall seconds (PARALLEL); a re-solve scales it to the share of
     *                              the agency's tonnes it schedules again; null in plans written before it was recorded
     */
    public record ConvoyRecord(String mode, boolean deterministic, String note, int models,
                               String status, double dailyDrivingHours, int loadingDays, double weightedDelivered,
                               double weightedDeliveredBound, long truckDays, double expectedDiversionTonnes,
                               Map<String, Double> workLimits) {
        public ConvoyRecord {
            workLimits = workLimits == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(workLimits));
        }
    }

    /**
     * Where a hub's cargo is handed to people. In the bundled scenario these are ILLUSTRATIVE points
     * (no real distribution sites are published), placed by a documented seeded rule around the hub.
     *
     * Plans carry no coordinates: a point is given by its road distance from the hub.
     *
     * @param kmFromHub    road km from the hub
     * @param share        share of the hub's delivered tonnes handed out here
     * @param illustrative true when the point is invented by the documented rule, not a real site
     */
    public record DistributionPoint(String id, String hub, String province, double kmFromHub, double share,
                                    boolean illustrative) {}

    /**
     * One vehicle's tour from a hub through distribution points and back, on one distribution day.
     * Times are minutes after local midnight; risk is the expected share of cargo lost, summed over stops.
     *
     * @param team           {@link #teamId(String, String)} of the agency at the hub
     * @param vehicleType    the agency's vehicle type (its fleet gives the payload)
     * @param womenStaff     whether the team fields women staff at this hub on this day
     * @param shiftStart     earliest departure (sunrise)
     * @param shiftEnd       latest return (sunset)
     * @param returnDriveMinutes driving time from the last stop back to the hub
     */
    public record LastMileTour(String id, String hub, String agency, String team, String vehicle, String vehicleType,
                               double payloadTonnes, boolean womenStaff, int day, int shiftStart, int shiftEnd,
                               int departureMinute, int returnMinute, int returnDriveMinutes, double km,
                               double loadTonnes, double risk, List<LastMileStop> stops) {
        public LastMileTour {
            if (!teamId(agency, hub).equals(team)) throw new IllegalArgumentException("team of tour " + id + " must be " + teamId(agency, hub));
            stops = List.copyOf(stops);
        }
    }

    /**
     * One stop of a tour: a load handed over at a distribution point.
     *
     * @param point           the distribution point
     * @param needsWomenStaff whether some commodity of the manifest needs women staff to distribute
     * @param driveMinutes    driving time from the previous stop (or the hub)
     * @param arrivalMinute   when service starts
     * @param windowOpen      service may not start earlier
     * @param windowClose     service must start by then (the day's curfew)
     * @param manifest        commodity -> tonnes handed over
     * @param loadAfterTonnes tonnes still on board afterwards
     * @param risk            expected share of cargo lost reaching this stop
     */
    public record LastMileStop(String point, boolean needsWomenStaff, int driveMinutes, int arrivalMinute, int windowOpen,
                               int windowClose, int serviceMinutes, double km, double tonnes, Map<String, Double> manifest,
                               double loadAfterTonnes, double risk) {
        public LastMileStop { manifest = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(manifest)); }
    }

    /** A load the last mile could not deliver on the day, and why (a {@code DropReason} of the router). */
    public record LastMileDrop(String hub, String point, boolean needsWomenStaff, double tonnes,
                               Map<String, Double> manifest, String reason) {
        public LastMileDrop { manifest = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(manifest)); }
    }

    /**
     * How the last-mile stage ran.
     *
     * @param hubs            hubs routed (each its own model(s), solved concurrently)
     * @param membersPerHub   portfolio members per hub (fixed, so plans do not depend on thread count)
     * @param secondsPerHub   time limit of each member
     * @param workLimit       work limit (search steps) of each member
     * @param deterministic   true when every member stopped on its work limit, not on time
     * @param rule            how days, quantities, points, vehicles, windows and risks were derived
     * @param warmStarts      in a re-solve, hub -> work limit of the one search that started from its previous tours
     *                        (the hub's cargo changed; the limit is the changed share of {@code workLimit}); empty otherwise
     */
    public record LastMileRecord(int hubs, int membersPerHub, double secondsPerHub, long workLimit,
                                 boolean deterministic, double tonnesRouted, double tonnesDropped, String rule, Map<String, Long> warmStarts) {
        public LastMileRecord {
            warmStarts = warmStarts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(warmStarts));
        }

        /** A record with no warm-started hub (a cold solve). */
        public LastMileRecord(int hubs, int membersPerHub, double secondsPerHub, long workLimit,
                              boolean deterministic, double tonnesRouted, double tonnesDropped, String rule) {
            this(hubs, membersPerHub, secondsPerHub, workLimit, deterministic, tonnesRouted, tonnesDropped, rule, Map.of());
        }
    }

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
