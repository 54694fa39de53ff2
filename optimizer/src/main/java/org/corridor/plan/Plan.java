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
                   List<Route> routes, List<Unmet> unmet, SolverRecord solver) {

    public Plan {
        routes = List.copyOf(routes);
        unmet = List.copyOf(unmet);
    }

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
