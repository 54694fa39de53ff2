package org.corridor.scenario;

import java.util.List;

/**
 * A road segment between two locations. Undirected unless {@code directed}; a closure window says
 * on which days of the scenario it cannot be used (winter passes are data, not code).
 *
 * @param id               stable id, e.g. {@code R07}
 * @param from             one end (location id)
 * @param to               other end (location id)
 * @param km               length
 * @param hours            driving time for a loaded truck, one way
 * @param capacityTpd      tonnes per day the road can carry in each direction
 * @param baseRisk         expected fraction of cargo diverted on one passage, in [0, 1)
 * @param checkpoints      number of checkpoints on the segment
 * @param directed         true when only from -> to may be driven
 * @param closures         day windows in which the road is closed (seasonal passes)
 * @param name             human name of the road
 */
public record Road(String id, String from, String to, double km, double hours, double capacityTpd,
                   double baseRisk, int checkpoints, boolean directed, List<DayWindow> closures, String name) {
    public Road {
        Checks.id("road id", id);
        Checks.id("from of road " + id, from);
        Checks.id("to of road " + id, to);
        if (from.equals(to)) throw new IllegalArgumentException("road " + id + " must join two different locations");
        Checks.positive("km of road " + id, km);
        Checks.positive("hours of road " + id, hours);
        Checks.nonNegative("capacity of road " + id, capacityTpd);
        Checks.probability("base risk of road " + id, baseRisk);
        if (checkpoints < 0) throw new IllegalArgumentException("checkpoints of road " + id + " must be >= 0");
        closures = closures == null ? List.of() : List.copyOf(closures);
        name = name == null ? "" : name;
    }

    /** The other end of this road seen from {@code end}. */
    public String other(String end) {
        if (end.equals(from)) return to;
        if (end.equals(to)) return from;
        throw new IllegalArgumentException(end + " is not an end of road " + id);
    }

    /** True when the road is closed by its own seasonal windows on {@code day}. */
    public boolean closedOn(int day) {
        for (DayWindow w : closures) if (w.contains(day)) return true;
        return false;
    }
}
