package org.corridor.lastmile;

import java.util.List;

/**
 * The best routes found for one {@link RoutingProblem}: one tour per used vehicle (in vehicle
 * order), the stops left out with the reason, and what produced it.
 *
 * @param objective  distance + fixed costs of used vehicles + penalties of dropped stops
 * @param distance   total arc cost of the tours
 * @param tours      tours of the vehicles that leave the depot, in vehicle order
 * @param dropped    stops not served, in node order
 * @param member     portfolio member that found it (e.g. {@code PARALLEL_CHEAPEST_INSERTION+GUIDED_LOCAL_SEARCH#0})
 * @param memberIndex position of that member in the portfolio (the tie-break)
 */
public record RoutingSolution(long objective, long distance, List<Tour> tours, List<Dropped> dropped,
                              String member, int memberIndex) {

    public RoutingSolution {
        tours = List.copyOf(tours);
        dropped = List.copyOf(dropped);
    }

    /** Vehicles that leave the depot. */
    public int vehiclesUsed() { return tours.size(); }

    /**
     * One vehicle's tour from the depot back to the depot.
     *
     * @param vehicle   index of the vehicle in the problem
     * @param visits    stops in the order served
     * @param distance  arc cost of the tour
     * @param load      total demand carried
     * @param risk      risk units accumulated
     * @param departure time it leaves the depot
     * @param returnTime time it is back at the depot
     */
    public record Tour(int vehicle, List<Visit> visits, long distance, long load, long risk, long departure, long returnTime) {
        public Tour { visits = List.copyOf(visits); }
    }

    /**
     * One stop served.
     *
     * @param node        node of the stop (1-based; see {@link RoutingProblem})
     * @param arrival     time service starts (after any wait for the window to open)
     * @param loadAfter   load still on the vehicle after this stop
     * @param riskAfter   risk units accumulated up to and including this stop
     */
    public record Visit(int node, long arrival, long loadAfter, long riskAfter) {}

    /** A stop left unserved and why. */
    public record Dropped(int node, DropReason reason) {}

    /** Why a stop was left out, checked in this order (the first that applies is reported). */
    public enum DropReason {
        /** It needs women staff and no vehicle of a team with women staff is available. */
        NO_WOMEN_STAFF_TEAM,
        /** Its demand exceeds the capacity of every vehicle allowed to serve it. */
        EXCEEDS_VEHICLE_CAPACITY,
        /** Its risk exceeds the route risk cap of every vehicle allowed to serve it. */
        EXCEEDS_RISK_CAP,
        /** No allowed vehicle can reach it inside its window and be back before the end of its shift. */
        TIME_WINDOW_UNREACHABLE,
        /** Serving it was possible alone, but the fleet's capacity, time or risk was used up by other stops. */
        FLEET_EXHAUSTED;

        /**
         * The first reason that applies to the stop at {@code node}, judged from the problem alone
         * (each vehicle serving only this stop), so the reason does not depend on the search.
         */
        public static DropReason diagnose(RoutingProblem p, int node) {
            RoutingProblem.Stop s = p.stopAt(node);
            List<RoutingProblem.Vehicle> allowed = p.vehicles().stream().filter(v -> v.mayServe(s)).toList();
            if (allowed.isEmpty()) return NO_WOMEN_STAFF_TEAM;
            List<RoutingProblem.Vehicle> big = allowed.stream().filter(v -> v.capacity() >= s.demand()).toList();
            if (big.isEmpty()) return EXCEEDS_VEHICLE_CAPACITY;
            List<RoutingProblem.Vehicle> safe = big.stream().filter(v -> v.riskCap() >= s.risk()).toList();
            if (safe.isEmpty()) return EXCEEDS_RISK_CAP;
            for (RoutingProblem.Vehicle v : safe) {
                long start = Math.max(v.shiftStart() + p.travelTime(0, node), s.earliest());
                long back = start + s.serviceTime() + p.travelTime(node, 0);
                if (start <= s.latest() && back <= Math.min(v.shiftEnd(), p.horizon())) return FLEET_EXHAUSTED;
            }
            return TIME_WINDOW_UNREACHABLE;
        }
    }
}
