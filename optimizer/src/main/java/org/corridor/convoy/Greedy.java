package org.corridor.convoy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A first schedule built without a solver, which CP-SAT receives as its hint and which stands when
 * CP-SAT finds nothing better in its budget: the most valuable routes first (severity x delivered share,
 * then earliest deadline), each on its earliest usable days, filled with the trucks that are committed
 * for the fewest days (then the largest), as far as free vehicles on every day of their round trip and
 * room under every convoy cap allow. It respects every constraint of {@link ConvoyModel} by
 * construction. Deterministic: ties are broken by route and group order.
 */
final class Greedy {
    private Greedy() {}

    /** Trucks x[r][g][di] and loads t[r][b][di], shaped like the model's variables. */
    record Schedule(long[][][] trucks, long[][][] loads) {}

    static Schedule schedule(Trips.AgencyTrips in) {
        int nr = in.trips().size(), ng = in.groups().size(), nb = in.bases().size();
        long[][][] x = new long[nr][ng][], t = new long[nr][nb][];
        int lastDay = 0;
        for (Trips.Trip r : in.trips()) {
            for (int g = 0; g < ng; g++) x[r.index()][g] = new long[r.days().length];
            for (int b = 0; b < nb; b++) t[r.index()][b] = new long[r.days().length];
            for (Trips.Group g : in.groups())
                if (r.lead()[g.index()] >= 0 && r.days().length > 0)
                    lastDay = Math.max(lastDay, r.days()[r.days().length - 1] + r.cycle()[g.index()]);
        }
        long[][] free = new long[ng][lastDay + 1];
        for (Trips.Group g : in.groups()) for (int k = 0; k <= lastDay; k++) free[g.index()][k] = in.free(g, k);
        long[] capUsed = new long[in.caps().size()];
        List<List<Integer>> bucketsOf = bucketsByMember(in);

        List<Trips.Trip> order = new ArrayList<>(in.trips());
        order.sort(Comparator.comparingLong((Trips.Trip r) -> -r.deliveredCoef()).thenComparingInt(Trips.Trip::deadline)
                .thenComparingInt(Trips.Trip::index));
        for (Trips.Trip r : order) {
            long remaining = r.askedUnits();
            List<Trips.Group> groups = new ArrayList<>(in.groups());
            groups.sort(Comparator.comparingInt((Trips.Group g) -> r.lead()[g.index()] < 0 ? Integer.MAX_VALUE : r.cycle()[g.index()])
                    .thenComparingLong(g -> -g.payloadUnits()).thenComparingInt(Trips.Group::index));
            for (int di = 0; di < r.days().length && remaining > 0; di++) {
                List<Integer> buckets = bucketsOf.get(r.index() * Math.max(1, maxDays(in)) + di);
                for (Trips.Group g : groups) {
                    if (remaining <= 0) break;
                    if (!r.servedBy(g, r.days()[di])) continue;
                    int from = r.days()[di] - r.lead()[g.index()], to = from + r.cycle()[g.index()];
                    long n = Trips.ceilDiv(remaining, g.payloadUnits());
                    for (int k = from; k < to; k++) n = Math.min(n, free[g.index()][k]);
                    for (int b : buckets) n = Math.min(n, in.caps().get(b).cap() - capUsed[b]);
                    if (n <= 0) continue;
                    for (int k = from; k < to; k++) free[g.index()][k] -= n;
                    for (int b : buckets) capUsed[b] += n;
                    long load = Math.min(remaining, n * g.payloadUnits());
                    x[r.index()][g.index()][di] += n;
                    t[r.index()][in.bases().indexOf(g.base())][di] += load;
                    remaining -= load;
                }
            }
        }
        return new Schedule(x, t);
    }

    /** For each (route, day index), the cap buckets it belongs to, at index r * maxDays + di. */
    private static List<List<Integer>> bucketsByMember(Trips.AgencyTrips in) {
        int stride = Math.max(1, maxDays(in));
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < in.trips().size() * stride; i++) out.add(new ArrayList<>());
        for (int b = 0; b < in.caps().size(); b++)
            for (int[] m : in.caps().get(b).members()) out.get(m[0] * stride + m[1]).add(b);
        return out;
    }

    private static int maxDays(Trips.AgencyTrips in) {
        return in.trips().stream().mapToInt(r -> r.days().length).max().orElse(0);
    }
}
