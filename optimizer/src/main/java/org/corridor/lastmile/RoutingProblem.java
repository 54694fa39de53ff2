package org.corridor.lastmile;

import java.util.Arrays;
import java.util.List;

/**
 * One vehicle-routing instance with a single depot: node 0 is the depot, node {@code i >= 1} is
 * {@code stops.get(i - 1)}. Every quantity is an integer in the unit the caller chose (the routing
 * library works in integers): tenths of a distance unit for Solomon, minutes and 10 kg for the
 * last mile. Immutable; the matrices are copied in and never handed out.
 *
 * @param name       label for reports (never a coordinate)
 * @param stops      the places to visit, in a fixed order (their order is the node numbering)
 * @param vehicles   the fleet; all start and end at the depot
 * @param distance   (n+1) x (n+1) arc cost matrix, the objective's distance term
 * @param travelTime (n+1) x (n+1) driving times; service time is added separately
 * @param horizon    latest time any vehicle may be back at the depot
 */
public record RoutingProblem(String name, List<Stop> stops, List<Vehicle> vehicles, long[][] distance,
                             long[][] travelTime, long horizon) {

    /** Marks a stop that must be served: leaving it out makes the instance infeasible. */
    public static final long MANDATORY = -1;

    public RoutingProblem {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a routing problem needs a name");
        stops = List.copyOf(stops);
        vehicles = List.copyOf(vehicles);
        if (vehicles.isEmpty()) throw new IllegalArgumentException("routing problem " + name + " needs at least one vehicle");
        if (horizon <= 0) throw new IllegalArgumentException("horizon of " + name + " must be > 0");
        distance = square("distance", distance, stops.size() + 1, name);
        travelTime = square("travelTime", travelTime, stops.size() + 1, name);
    }

    private static long[][] square(String what, long[][] m, int n, String name) {
        if (m == null || m.length != n) throw new IllegalArgumentException(what + " matrix of " + name + " must be " + n + " x " + n + " (depot + stops)");
        long[][] copy = new long[n][];
        for (int i = 0; i < n; i++) {
            if (m[i] == null || m[i].length != n) throw new IllegalArgumentException("row " + i + " of the " + what + " matrix of " + name + " must have " + n + " entries");
            for (long v : m[i]) if (v < 0) throw new IllegalArgumentException(what + " matrix of " + name + " has a negative entry in row " + i);
            copy[i] = m[i].clone();
        }
        return copy;
    }

    /** Number of nodes, depot included. */
    public int nodeCount() { return stops.size() + 1; }

    /** Arc cost from node {@code i} to node {@code j}. */
    public long distance(int i, int j) { return distance[i][j]; }

    /** Driving time from node {@code i} to node {@code j}. */
    public long travelTime(int i, int j) { return travelTime[i][j]; }

    long[][] distanceMatrix() { return distance; }

    long[][] travelTimeMatrix() { return travelTime; }

    /** Stop at node {@code node} (1-based; node 0 is the depot). */
    public Stop stopAt(int node) { return stops.get(node - 1); }

    @Override public boolean equals(Object o) {
        return o instanceof RoutingProblem p && name.equals(p.name) && stops.equals(p.stops) && vehicles.equals(p.vehicles)
                && horizon == p.horizon && Arrays.deepEquals(distance, p.distance) && Arrays.deepEquals(travelTime, p.travelTime);
    }

    @Override public int hashCode() { return java.util.Objects.hash(name, stops, vehicles, horizon, Arrays.deepHashCode(distance)); }

    @Override public String toString() { return "RoutingProblem[" + name + ", " + stops.size() + " stops, " + vehicles.size() + " vehicles]"; }

    /**
     * A place to deliver to.
     *
     * @param id               stable id, unique in the problem
     * @param demand           load it takes off the vehicle (same unit as vehicle capacity)
     * @param serviceTime      time spent there before driving on
     * @param earliest         service may not start before this time
     * @param latest           service must start by this time (a curfew or closing hour)
     * @param risk             risk units a vehicle accumulates by serving it (capped per route)
     * @param needsWomenStaff  only vehicles of a team with women staff may serve it
     * @param dropPenalty      objective cost of leaving it unserved, or {@link #MANDATORY}
     */
    public record Stop(String id, long demand, long serviceTime, long earliest, long latest, long risk,
                       boolean needsWomenStaff, long dropPenalty) {
        public Stop {
            if (id == null || id.isBlank()) throw new IllegalArgumentException("a stop needs an id");
            if (demand < 0) throw new IllegalArgumentException("demand of stop " + id + " must be >= 0");
            if (serviceTime < 0) throw new IllegalArgumentException("service time of stop " + id + " must be >= 0");
            if (earliest < 0 || latest < earliest) throw new IllegalArgumentException("time window of stop " + id + " must satisfy 0 <= earliest <= latest");
            if (risk < 0) throw new IllegalArgumentException("risk of stop " + id + " must be >= 0");
            if (dropPenalty < 0 && dropPenalty != MANDATORY) throw new IllegalArgumentException("drop penalty of stop " + id + " must be >= 0 or MANDATORY");
        }

        public boolean mandatory() { return dropPenalty == MANDATORY; }
    }

    /**
     * A vehicle of one team, available from {@code shiftStart} until it must be back at
     * {@code shiftEnd} (daylight).
     *
     * @param id          stable id, unique in the problem
     * @param team        the team (agency at a hub) running it
     * @param capacity    load it can carry on its tour
     * @param riskCap     most risk units its tour may accumulate ({@code Long.MAX_VALUE}: no cap)
     * @param womenStaff  whether its team has women staff
     * @param shiftStart  earliest departure from the depot
     * @param shiftEnd    latest return to the depot
     * @param fixedCost   objective cost of using it at all
     */
    public record Vehicle(String id, String team, long capacity, long riskCap, boolean womenStaff,
                          long shiftStart, long shiftEnd, long fixedCost) {
        public Vehicle {
            if (id == null || id.isBlank()) throw new IllegalArgumentException("a vehicle needs an id");
            team = team == null ? "" : team;
            if (capacity < 0) throw new IllegalArgumentException("capacity of vehicle " + id + " must be >= 0");
            if (riskCap < 0) throw new IllegalArgumentException("risk cap of vehicle " + id + " must be >= 0");
            if (shiftStart < 0 || shiftEnd < shiftStart) throw new IllegalArgumentException("shift of vehicle " + id + " must satisfy 0 <= start <= end");
            if (fixedCost < 0) throw new IllegalArgumentException("fixed cost of vehicle " + id + " must be >= 0");
        }

        /** Whether this vehicle may serve {@code stop} at all (the women-staff rule). */
        public boolean mayServe(Stop stop) { return womenStaff || !stop.needsWomenStaff(); }
    }
}
