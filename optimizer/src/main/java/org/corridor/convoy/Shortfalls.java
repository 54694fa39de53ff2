package org.corridor.convoy;

import org.corridor.plan.Plan;

/**
 * Why a route's convoys carry less than the allocation asked for. The static limits are tested first,
 * each alone sufficient to explain the gap (no vehicle, no open day, deadline, caps on every usable
 * day); then the solution: caps full on every usable day; otherwise the fleet, shared with the
 * agency's other convoys, is what ran out.
 */
final class Shortfalls {
    private Shortfalls() {}

    static Plan.RouteSchedule explain(Trips.AgencyTrips in, Trips.Trip r, long scheduledUnits, ConvoyModel.Outcome out) {
        Plan.Route route = r.route();
        double asked = route.tonnesDispatched(), scheduled = scheduledUnits / (double) Trips.UNITS_PER_TONNE;
        Plan.Shortfall reason;
        String detail;
        if (scheduledUnits >= r.askedUnits()) {
            reason = Plan.Shortfall.NONE;
            detail = "all scheduled";
        } else if (in.groups().stream().noneMatch(g -> r.lead()[g.index()] >= 0)) {
            reason = Plan.Shortfall.NO_VEHICLE;
            detail = "no vehicle of " + in.agency() + " can reach " + route.origin();
        } else if (r.daysNoDeadline().length == 0) {
            reason = Plan.Shortfall.CLOSED;
            detail = "closures, denials or permit delays leave no departure day from day " + Math.max(0, route.departureDay());
        } else if (r.days().length == 0) {
            reason = Plan.Shortfall.DEADLINE;
            detail = "the earliest open departure, day " + r.daysNoDeadline()[0] + ", arrives on day "
                    + (r.daysNoDeadline()[0] + r.travelDays()) + ", after the need's latest day " + r.deadline();
        } else if (capsAloneTooSmall(in, r)) {
            reason = Plan.Shortfall.CONVOY_CAP;
            detail = "convoy caps on its roads allow at most " + capTrucks(in, r, null) + " trucks over its "
                    + r.days().length + " usable days";
        } else if (capsFullEveryDay(in, r, out)) {
            reason = Plan.Shortfall.CONVOY_CAP;
            detail = "convoy caps are full on all " + r.days().length + " usable days (shared with the agency's other routes)";
        } else {
            reason = Plan.Shortfall.FLEET;
            detail = "vehicles of " + in.agency() + " are busy or too few on its " + r.days().length + " usable days"
                    + (out.status().equals("OPTIMAL") ? "" : " (search stopped at its limit, not proven optimal)");
        }
        return new Plan.RouteSchedule(route.id(), route.agency(), asked, scheduled, reason, detail);
    }

    /** sum over usable days of (smallest cap on the route that day) x (largest payload) < asked. */
    private static boolean capsAloneTooSmall(Trips.AgencyTrips in, Trips.Trip r) {
        long maxPayload = in.groups().stream().filter(g -> r.lead()[g.index()] >= 0).mapToLong(Trips.Group::payloadUnits).max().orElse(0);
        long trucks = capTrucks(in, r, null);
        return trucks >= 0 && trucks * maxPayload < r.askedUnits();
    }

    /**
     * Trucks the caps allow on r over its usable days (-1 when some day is uncapped); with a solution,
     * instead counts the days on which some capped road of r is full.
     */
    private static long capTrucks(Trips.AgencyTrips in, Trips.Trip r, ConvoyModel.Outcome out) {
        long total = 0;
        for (int di = 0; di < r.days().length; di++) {
            long dayCap = Long.MAX_VALUE;
            boolean full = false;
            for (Trips.CapBucket b : in.caps()) {
                boolean member = false;
                for (int[] m : b.members()) if (m[0] == r.index() && m[1] == di) { member = true; break; }
                if (!member) continue;
                dayCap = Math.min(dayCap, b.cap());
                if (out != null && used(in, b, out) >= b.cap()) full = true;
            }
            if (out != null) { if (full) total++; continue; }
            if (dayCap == Long.MAX_VALUE) return -1;
            total += dayCap;
        }
        return total;
    }

    private static boolean capsFullEveryDay(Trips.AgencyTrips in, Trips.Trip r, ConvoyModel.Outcome out) {
        return capTrucks(in, r, out) == r.days().length;
    }

    private static long used(Trips.AgencyTrips in, Trips.CapBucket b, ConvoyModel.Outcome out) {
        long n = 0;
        for (int[] m : b.members()) for (Trips.Group g : in.groups()) n += out.trucks()[m[0]][g.index()][m[1]];
        return n;
    }
}
