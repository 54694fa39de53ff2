package org.corridor.convoy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.corridor.plan.Plan;

/**
 * A schedule built without a solver. In a cold solve it is CP-SAT's first hint and stands when CP-SAT finds
 * nothing better in its budget; in a re-solve's repair ({@link ConvoyScheduler.Remainder#REPAIR}) it is the
 * schedule of what the kept convoys do not carry.
 *
 * <p>Two passes. First, previous convoys (a re-solve's convoys that were not kept, on routes the new plan still
 * has) are placed again where they still fit: same route, day, base and truck types, as many of their trucks as
 * are free and allowed, carrying at most their previous cargo and what the route still asks; so a repair changes
 * as little as it can. Then the rest: the most valuable routes first (severity x delivered share, then earliest
 * deadline), each on its earliest usable days, filled with the trucks that are committed for the fewest days
 * (then the largest), as far as free vehicles on every day of their round trip and room under every convoy cap
 * allow. It respects every constraint of {@link ConvoyModel} by construction. Deterministic: previous convoys in
 * the order given, ties broken by route and group order.
 *
 * <p>Not thread-safe: one instance per schedule.
 */
final class Greedy {
    /** Trucks x[r][g][di] and loads t[r][b][di], shaped like the model's variables. */
    record Schedule(long[][][] trucks, long[][][] loads) {}

    private final Trips.AgencyTrips in;
    private final long[][][] x, t;
    private final long[][] free;
    private final long[] capUsed, remaining;
    private final List<List<Integer>> bucketsOf;
    private final int stride;

    private Greedy(Trips.AgencyTrips in) {
        this.in = in;
        int nr = in.trips().size(), ng = in.groups().size(), nb = in.bases().size();
        x = new long[nr][ng][];
        t = new long[nr][nb][];
        remaining = new long[nr];
        int lastDay = 0;
        for (Trips.Trip r : in.trips()) {
            remaining[r.index()] = r.askedUnits();
            for (int g = 0; g < ng; g++) x[r.index()][g] = new long[r.days().length];
            for (int b = 0; b < nb; b++) t[r.index()][b] = new long[r.days().length];
            for (Trips.Group g : in.groups())
                if (r.lead()[g.index()] >= 0 && r.days().length > 0)
                    lastDay = Math.max(lastDay, r.days()[r.days().length - 1] + r.cycle()[g.index()]);
        }
        free = new long[ng][lastDay + 1];
        for (Trips.Group g : in.groups()) for (int k = 0; k <= lastDay; k++) free[g.index()][k] = in.free(g, k);
        capUsed = new long[in.caps().size()];
        stride = Math.max(1, in.trips().stream().mapToInt(r -> r.days().length).max().orElse(0));
        bucketsOf = new ArrayList<>();
        for (int i = 0; i < in.trips().size() * stride; i++) bucketsOf.add(new ArrayList<>());
        for (int b = 0; b < in.caps().size(); b++)
            for (int[] m : in.caps().get(b).members()) bucketsOf.get(m[0] * stride + m[1]).add(b);
    }

    /** The greedy schedule of {@code in}, placing {@code previous} convoys (of any agency; others are skipped) again first. */
    static Schedule schedule(Trips.AgencyTrips in, List<Plan.Convoy> previous) {
        Greedy greedy = new Greedy(in);
        greedy.placeAgain(previous);
        greedy.fill();
        return new Schedule(greedy.x, greedy.t);
    }

    /** First pass: each previous convoy on one of these routes, on its day and from its base, as far as it still fits. */
    private void placeAgain(List<Plan.Convoy> previous) {
        for (Trips.Slot s : in.slots(previous)) {
            Plan.Convoy c = s.convoy();
            Trips.Trip r = s.trip();
            long cargo = Math.round(c.manifest().getOrDefault(r.route().commodity(), 0.0) * Trips.UNITS_PER_TONNE);
            for (Trips.Group g : in.groups()) {
                Integer n = c.trucks().get(g.type());
                if (n == null || !g.base().equals(c.hub()) || !r.servedBy(g, c.departureDay())) continue;
                cargo -= place(r, g, s.day(), n, cargo);
            }
        }
    }

    /** Second pass: the rest of every route, most valuable first, earliest days first. */
    private void fill() {
        List<Trips.Trip> order = new ArrayList<>(in.trips());
        order.sort(Comparator.comparingLong((Trips.Trip r) -> -r.deliveredCoef()).thenComparingInt(Trips.Trip::deadline)
                .thenComparingInt(Trips.Trip::index));
        for (Trips.Trip r : order) {
            List<Trips.Group> groups = new ArrayList<>(in.groups());
            groups.sort(Comparator.comparingInt((Trips.Group g) -> r.lead()[g.index()] < 0 ? Integer.MAX_VALUE : r.cycle()[g.index()])
                    .thenComparingLong(g -> -g.payloadUnits()).thenComparingInt(Trips.Group::index));
            for (int di = 0; di < r.days().length && remaining[r.index()] > 0; di++)
                for (Trips.Group g : groups) {
                    if (remaining[r.index()] <= 0) break;
                    if (r.servedBy(g, r.days()[di])) place(r, g, di, Long.MAX_VALUE, Long.MAX_VALUE);
                }
        }
    }

    /**
     * Sends up to {@code maxTrucks} trucks of g on r's day index di, as many as the cargo needs (at most
     * {@code maxUnits} and what r still asks), are free for the whole round trip and fit under every cap.
     *
     * @return units loaded
     */
    private long place(Trips.Trip r, Trips.Group g, int di, long maxTrucks, long maxUnits) {
        long want = Math.min(remaining[r.index()], maxUnits);
        if (want <= 0) return 0;
        int from = r.days()[di] - r.lead()[g.index()], to = from + r.cycle()[g.index()];
        long n = Math.min(maxTrucks, Trips.ceilDiv(want, g.payloadUnits()));
        for (int k = from; k < to; k++) n = Math.min(n, free[g.index()][k]);
        List<Integer> buckets = bucketsOf.get(r.index() * stride + di);
        for (int b : buckets) n = Math.min(n, in.caps().get(b).cap() - capUsed[b]);
        if (n <= 0) return 0;
        for (int k = from; k < to; k++) free[g.index()][k] -= n;
        for (int b : buckets) capUsed[b] += n;
        long load = Math.min(want, n * g.payloadUnits());
        x[r.index()][g.index()][di] += n;
        t[r.index()][in.bases().indexOf(g.base())][di] += load;
        remaining[r.index()] -= load;
        return load;
    }
}
