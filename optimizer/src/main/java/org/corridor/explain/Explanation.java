package org.corridor.explain;

import java.util.List;
import java.util.Map;

/**
 * Why a plan leaves needs unmet and what each access concession is worth: a wire format, written
 * beside the plan it explains as its own JSON document ({@code data/schemas/explain.schema.json}).
 * It names the plan by id and input hash, so the two travel together without the plan growing.
 *
 * <p>Every cause and every confirmed value comes from re-solving the allocation with one thing
 * relaxed; nothing is reported that the re-solve did not confirm. Lists are in a fixed order, so the
 * same inputs give the same document whatever the thread count (apart from {@link RunRecord}).
 *
 * @param planId              id of the explained plan
 * @param inputHash           input hash of the explained plan (scenario and options)
 * @param scenario            scenario name
 * @param coverage            severity-weighted coverage of the plan
 * @param weightedUnmetTonnes sum over needs of severity weight x unmet tonnes
 * @param peopleReached       people reached by the plan
 * @param whyUnmet            one entry per (location, commodity) with unmet need, by location then commodity
 *                            (empty when only the value of access was asked for)
 * @param valueOfAccess       one entry per access rule in force in the horizon, most valuable first
 * @param run                 how the explanation was computed (timings excluded from determinism)
 */
public record Explanation(String planId, String inputHash, String scenario, double coverage, double weightedUnmetTonnes,
                          long peopleReached, List<WhyUnmet> whyUnmet, List<AccessValue> valueOfAccess, RunRecord run) {

    public Explanation {
        whyUnmet = List.copyOf(whyUnmet);
        valueOfAccess = List.copyOf(valueOfAccess);
    }

    /** What kind of limit a cause is. */
    public enum CauseKind {
        /** Access rules leave no admissible path, or a worse one, for agencies holding the stock. */
        ACCESS,
        /** A road's capacity over the horizon is used in full. */
        ROAD_CAPACITY,
        /** The stock of the commodity is exhausted. */
        STOCK,
        /** An agency's trucks are all busy over the horizon. */
        FLEET,
        /** The plan's risk budget (expected diversion share) binds. */
        RISK_BUDGET,
        /** The per-route risk cap rules out the routes that would reach the need. */
        ROUTE_RISK_CAP,
        /** The agencies that could reach the need do not field the women staff its distribution needs there. */
        WOMEN_STAFF,
        /** No route arrives by the need's latest useful day. */
        DEADLINE,
        /** Convoy stage: the agency's trucks cannot carry what the allocation routes (busy or too few). */
        CONVOY_FLEET,
        /** Convoy stage: convoy size limits on the route's roads leave tonnes untrucked. */
        CONVOY_CAP,
        /** Convoy stage: whole-day departures exist, but none arrives by the need's latest useful day. */
        CONVOY_DEADLINE,
        /** Convoy stage: closures, denials or permit delays leave the route no departure day (not confirmable). */
        CONVOY_CLOSED,
        /** Convoy stage: the agency has no vehicle that can reach the route's origin (not confirmable). */
        CONVOY_NO_VEHICLE
    }

    /**
     * Unmet need of one commodity at one location, and its confirmed causes: need the allocation
     * leaves unmet, and tonnes it routes there that the convoy stage cannot carry in whole trucks.
     *
     * @param location       need location id
     * @param province       its province P-code
     * @param commodity      commodity id
     * @param unmetTonnes    tonnes the plan's allocation leaves unmet (0 when only convoys fall short)
     * @param untruckedTonnes delivered tonnes the allocation routes here that its convoys do not carry
     *                       (0 when the plan has no convoy stage or every route is fully trucked)
     * @param severityWeight weight of one unmet tonne (phase 3 = 1, 4 = 3, 5 = 9)
     * @param blockedAgencies agencies holding stock of the commodity with no admissible route to the location
     * @param causes         confirmed causes, largest reduction first
     * @param note           one line when no tested relaxation reduced the unmet need, else empty
     */
    public record WhyUnmet(String location, String province, String commodity, double unmetTonnes, double untruckedTonnes, double severityWeight,
                           List<String> blockedAgencies, List<Cause> causes, String note) {
        public WhyUnmet {
            blockedAgencies = List.copyOf(blockedAgencies);
            causes = List.copyOf(causes);
            note = note == null ? "" : note;
        }
    }

    /**
     * One cause: relaxing it alone cut this need's unmet tonnes (or, for a convoy cause, its
     * untrucked tonnes). Only convoy causes with no relaxation to test (CONVOY_CLOSED,
     * CONVOY_NO_VEHICLE) are reported unconfirmed, as the convoy stage states them.
     *
     * @param kind                  what kind of limit
     * @param subjects              what is named: rule ids, a road id, an agency id, a commodity; for a
     *                              convoy cause the agency, then its route ids
     * @param text                  the cause in domain words; never a coordinate
     * @param unmetReductionTonnes  tonnes by which this need's unmet (untrucked, for a convoy cause) fell
     *                              in the re-solve with the cause relaxed; 0 when not confirmed
     * @param relaxation            what the re-solve changed, in words; empty when not confirmed
     * @param confirmed             whether a re-solve with the cause relaxed confirmed it
     */
    public record Cause(CauseKind kind, List<String> subjects, String text, double unmetReductionTonnes, String relaxation,
                        boolean confirmed) {
        public Cause { subjects = List.copyOf(subjects); }
    }

    /**
     * What lifting one access rule is worth.
     *
     * @param rank                     1 = most valuable (by confirmed weighted tonnes, then estimate, then id)
     * @param ruleId                   the rule
     * @param ruleType                 its type (RoadClosed, EntryPointClosed, ...)
     * @param description              {@link org.corridor.access.AccessRule#describe()}
     * @param crossing                 true for a closed border crossing or airport
     * @param estimatedWeightedTonnes  first-order estimate from the plan's LP duals (see {@link #estimateBasis})
     * @param confirmedWeightedTonnes  severity-weighted unmet tonnes saved in the re-solve without the rule
     * @param confirmedTonnes          unmet tonnes saved in that re-solve
     * @param peopleReachedGain        people reached gained in that re-solve
     * @param estimateBasis            the estimate's parts: capacity restored, better routes, new routes
     */
    public record AccessValue(int rank, String ruleId, String ruleType, String description, boolean crossing,
                              double estimatedWeightedTonnes, double confirmedWeightedTonnes, double confirmedTonnes,
                              long peopleReachedGain, EstimateBasis estimateBasis) {}

    /**
     * The first-order estimate in parts, each priced with the base LP's duals y (d(objective)/d(rhs)):
     * capacity = sum_e -y_e x capacity restored on road e; betterRoutes = sum over used routes of
     * tonnes x the fall of their reduced cost; newRoutes = greedy over routes that price out
     * (reduced cost < 0), each taking what its need, lot, roads and fleet leave.
     */
    public record EstimateBasis(double capacity, double betterRoutes, double newRoutes, int newRoutesPricedOut) {}

    /**
     * How the explanation was computed.
     *
     * @param threads        worker threads used for the re-solves
     * @param resolves       re-solves run (each a full allocation: compile, routes, LP)
     * @param stageMillis    wall time per stage (base, prepare, valueOfAccess, whyUnmet), and the estimates' and
     *                       re-solves' time summed over rules (valueOfAccess.estimates, valueOfAccess.resolves), and
     *                       the re-solves' CPU time of their threads summed (valueOfAccess.resolvesCpu); excluded from determinism
     */
    public record RunRecord(int threads, int resolves, Map<String, Long> stageMillis) {}
}
