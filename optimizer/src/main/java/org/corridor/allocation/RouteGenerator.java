package org.corridor.allocation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.network.AgencyView;
import org.corridor.network.CompiledNetwork;
import org.corridor.network.CompiledNetwork.Arc;
import org.corridor.scenario.Commodity;
import org.corridor.solve.SolveControl;
import org.corridor.solve.WorkerPool;

/**
 * Candidate routes: for each agency and each location where it holds stock, shortest-path trees in
 * the agency's view under three weightings (least risk, fastest, least risk with the first trees'
 * roads penalised so that an alternative appears), giving up to three distinct paths to every need
 * location. Each (path, stock lot) becomes a {@link Candidate} when it passes the filters:
 * the per-route risk cap 1 - prod(1 - p_e) <= cap; women staff fielded at the destination; a
 * departure day in the horizon that avoids every blocking window; arrival by the need's deadline.
 * Only the best {@link #MAX_PER_TARGET} candidates per (agency, need) are kept (by route risk, then
 * km, then departure day), which bounds the pool on large instances.
 *
 * <p>One task per agency runs on the worker pool: it walks the agency's stock locations in a fixed
 * order and trims its per-need lists after each, so memory stays at the size of the kept pool even
 * when an agency has many origins and thousands of need locations. Results come back in input
 * order and each task's list is in need order, so the pool does not depend on the thread count.
 */
final class RouteGenerator {
    /** Candidates kept per (agency, need). */
    static final int MAX_PER_TARGET = 6;
    /** Weight of one km in the least-risk tree: only breaks ties between equally risky paths. */
    private static final double KM_TIE_BREAK = 1e-7;
    /** Extra weight per earlier use of an arc in the penalised tree (about a 5 % risk road). */
    private static final double REUSE_PENALTY = 0.05;
    /** Best first: least route risk, then shortest, then earliest, then a stable key. */
    private static final Comparator<Candidate> BEST = Comparator.comparingDouble(Candidate::risk).thenComparingDouble(Candidate::km)
            .thenComparingInt(Candidate::departureDay).thenComparingInt(Candidate::lot).thenComparing(Candidate::key);

    private RouteGenerator() {}

    static List<Candidate> generate(CompiledNetwork net, Demand demand, double routeRiskCap, WorkerPool pool, SolveControl control) {
        return generate(net, demand, routeRiskCap, List.of(), Allocator.RouteFilter.ALL, pool, control);
    }

    /**
     * A column another pool held: an agency's roads, in driving order, from one of its stock
     * locations, for one stock lot (key "agency|location|commodity|availableFromDay"). It is
     * re-evaluated in the network at hand (risk, timing, staff, deadline) and kept untrimmed.
     */
    record KeptPath(String agency, Drive drive, String lot) {
        KeptPath(String agency, String origin, List<String> roads, String lot) {
            this(agency, new Drive(origin, roads), lot);
        }

        String origin() { return drive.origin(); }
    }

    /**
     * The candidates as above, plus every path of {@code kept} that is admissible in {@code net},
     * crossed with its agency's lots at its origin and exempt from trimming. When {@code net} relaxes
     * the network {@code kept} came from (a rule lifted, a limit raised), each kept path is a column
     * at least as good as before, so the pool is a superset of the old one's and the LP a relaxation.
     * Generated candidates that {@code fresh} rejects are dropped before trimming.
     */
    static List<Candidate> generate(CompiledNetwork net, Demand demand, double routeRiskCap, List<KeptPath> kept,
                                    Allocator.RouteFilter fresh, WorkerPool pool, SolveControl control) {
        return generate(net, demand, routeRiskCap, kept, fresh, null, false, pool, control).candidates();
    }

    /** Candidates, and the pool a later allocation may take them over from (null when not asked for). */
    record Pooled(List<Candidate> candidates, RoutePool pool) {}

    /**
     * The candidates of {@link #generate(CompiledNetwork, Demand, double, List, Allocator.RouteFilter, WorkerPool,
     * SolveControl)} with every route admitted, taking over from {@code reuse} (or null) the generated candidates of each
     * agency it holds as they would be generated again ({@link RoutePool}), and the pool of what this call generated.
     * The candidates are those generating everything would give, in the same order.
     */
    static Pooled generate(CompiledNetwork net, Demand demand, double routeRiskCap, List<KeptPath> kept, RoutePool reuse,
                           WorkerPool pool, SolveControl control) {
        return generate(net, demand, routeRiskCap, kept, Allocator.RouteFilter.ALL, reuse, true, pool, control);
    }

    private static Pooled generate(CompiledNetwork net, Demand demand, double routeRiskCap, List<KeptPath> kept, Allocator.RouteFilter fresh,
                                   RoutePool reuse, boolean pooled, WorkerPool pool, SolveControl control) {
        Map<String, Commodity> commodities = net.commodities();
        Set<String> targets = new LinkedHashSet<>();
        for (Demand.NeedGroup n : demand.needs) targets.add(n.location());
        boolean mayReuse = reuse != null && fresh == Allocator.RouteFilter.ALL && reuse.sameDemandSide(net, demand, routeRiskCap);
        // Tasks in a fixed order: agencies in scenario order, origins in first-lot order.
        List<AgencyTask> tasks = new ArrayList<>();
        for (AgencyView v : net.views()) {
            if (v.agency().truckCount() == 0) continue;
            Map<String, List<Integer>> lotsByOrigin = new LinkedHashMap<>();
            for (int i = 0; i < demand.lots.size(); i++) {
                Demand.Lot l = demand.lots.get(i);
                if (l.agency().equals(v.agency().id()) && v.canUse(l.location()))
                    lotsByOrigin.computeIfAbsent(l.location(), k -> new ArrayList<>()).add(i);
            }
            List<KeptPath> own = new ArrayList<>();
            for (KeptPath k : kept) if (k.agency().equals(v.agency().id()) && lotsByOrigin.containsKey(k.origin())) own.add(k);
            if (lotsByOrigin.isEmpty()) continue;
            List<String> lotKeys = pooled ? RoutePool.lotKeys(demand, v.agency().id()) : List.of();
            tasks.add(new AgencyTask(v, lotsByOrigin, own, lotKeys, mayReuse ? reuse.reusable(v, demand, lotKeys) : null));
        }
        List<TaskResult> perTask = pool.map("routes", tasks, t -> {
            RoutePool.AgencyRoutes generated = t.reused();
            if (generated == null) {
                Map<Integer, List<Candidate>> byNeed = new java.util.TreeMap<>();
                java.util.BitSet reach = pooled ? new java.util.BitSet() : null; // arcs (view order) of every tree path to a target
                t.lotsByOrigin().forEach((origin, lots) -> {
                    if (control.cancelled()) throw new SolveControl.SolveCancelledException("routes");
                    for (Candidate c : candidatesFrom(t.view(), origin, lots, targets, demand, commodities, routeRiskCap, fresh, reach))
                        if (fresh == Allocator.RouteFilter.ALL || fresh.admits(c.agency(), c.commodity(), c.origin(), c.destination(), roads(c)))
                            byNeed.computeIfAbsent(c.need(), k -> new ArrayList<>()).add(c);
                    for (List<Candidate> cs : byNeed.values()) trim(cs);
                });
                Set<String> roads = new HashSet<>(), places = new HashSet<>(t.lotsByOrigin().keySet());
                if (reach != null)
                    for (int i = reach.nextSetBit(0); i >= 0; i = reach.nextSetBit(i + 1)) {
                        roads.add(t.view().arcs().get(i).road());
                        places.add(t.view().arcs().get(i).to());
                    }
                generated = new RoutePool.AgencyRoutes(t.lotKeys(), List.copyOf(flatten(byNeed)), roads, places);
            }
            if (t.kept().isEmpty()) return new TaskResult(generated, generated.candidates());
            // kept paths join the trimmed lists (by need, in order), as they would join freshly generated ones
            Map<Integer, List<Candidate>> byNeed = new java.util.TreeMap<>();
            for (Candidate c : generated.candidates()) byNeed.computeIfAbsent(c.need(), k -> new ArrayList<>()).add(c);
            addKept(t, byNeed, targets, demand, commodities, routeRiskCap);
            return new TaskResult(generated, flatten(byNeed));
        }, control);
        List<Candidate> out = new ArrayList<>();
        perTask.forEach(r -> out.addAll(r.all()));
        if (!pooled) return new Pooled(out, null);
        Map<String, RoutePool.AgencyRoutes> byAgency = new LinkedHashMap<>();
        List<String> regenerated = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            AgencyTask t = tasks.get(i);
            byAgency.put(t.view().agency().id(), perTask.get(i).generated());
            if (t.reused() == null) regenerated.add(t.view().agency().id());
        }
        return new Pooled(out, new RoutePool(net, routeRiskCap, demand, byAgency, regenerated));
    }

    private static List<Candidate> flatten(Map<Integer, List<Candidate>> byNeed) {
        List<Candidate> out = new ArrayList<>();
        byNeed.values().forEach(out::addAll);
        return out;
    }

    /** What one agency's task gives: its generated (or reused) candidates, and those with its kept paths added. */
    private record TaskResult(RoutePool.AgencyRoutes generated, List<Candidate> all) {}

    /** Road ids of a candidate in driving order. */
    private static List<String> roads(Candidate c) { return roads(c.arcs()); }

    private static List<String> roads(List<Arc> path) {
        List<String> out = new ArrayList<>(path.size());
        for (Arc a : path) out.add(a.road());
        return out;
    }

    /** Keeps the {@link #MAX_PER_TARGET} best of one (agency, need) list, best first. */
    private static void trim(List<Candidate> cs) {
        if (cs.size() <= 1) return;
        cs.sort(BEST);
        if (cs.size() > MAX_PER_TARGET) cs.subList(MAX_PER_TARGET, cs.size()).clear();
    }

    /** One agency's work: its lots by origin, kept paths, lot keys (for a pool) and candidates taken over from one (or null). */
    private record AgencyTask(AgencyView view, Map<String, List<Integer>> lotsByOrigin, List<KeptPath> kept, List<String> lotKeys,
                              RoutePool.AgencyRoutes reused) {}

    /**
     * All candidates from one (agency, origin): paths to every need location, crossed with the
     * origin's lots; paths {@code fresh} can admit no route on are skipped. The arcs of every path (those of no
     * candidate too) are set in {@code reach} when it is not null.
     */
    private static List<Candidate> candidatesFrom(AgencyView view, String origin, List<Integer> lots, Set<String> targets,
                                                  Demand demand, Map<String, Commodity> commodities, double riskCap,
                                                  Allocator.RouteFilter fresh, java.util.BitSet reach) {
        Map<String, List<List<Arc>>> paths = alternativePaths(view, origin, targets, reach);
        List<Candidate> out = new ArrayList<>();
        String agency = view.agency().id();
        for (Map.Entry<String, List<List<Arc>>> e : paths.entrySet())
            for (List<Arc> path : e.getValue())
                if (fresh == Allocator.RouteFilter.ALL || fresh.mayAdmit(agency, origin, e.getKey(), roads(path)))
                    candidatesOn(view, origin, e.getKey(), path, lots, demand, commodities, riskCap, out);
        return out;
    }

    /** Adds the candidates of one path crossed with {@code lots}: those passing the risk cap, staff, timing and deadline filters. */
    private static void candidatesOn(AgencyView view, String origin, String dest, List<Arc> path, List<Integer> lots, Demand demand,
                                     Map<String, Commodity> commodities, double riskCap, List<Candidate> out) {
        double keep = 1, km = 0, hours = 0;
        double[] entering = new double[path.size()];
        for (int k = 0; k < path.size(); k++) {
            Arc a = path.get(k);
            entering[k] = keep;
            keep *= 1 - a.risk();
            km += a.km();
            hours += a.hours();
        }
        if (1 - keep > riskCap + 1e-12) return; // per-route risk cap, by filtering
        AgencyView.RouteTiming timing = null;
        for (int lotIdx : lots) {
            Demand.Lot lot = demand.lots.get(lotIdx);
            int needIdx = demand.need(dest, lot.commodity());
            if (needIdx < 0) continue;
            Commodity c = commodities.get(lot.commodity());
            if (!view.fieldsStaffFor(c, dest)) continue; // women staff, by filtering
            if (timing == null) timing = view.timing(origin, path);
            int dep = timing.earliestDeparture(c, lot.availableFromDay());
            if (dep < 0) continue; // blocked for the rest of the horizon
            int arrival = dep + timing.travelDays();
            if (arrival > demand.needs.get(needIdx).latestDay()) continue; // deadline, by filtering
            int roundTrip = 2 * timing.travelDays();
            out.add(new Candidate(lotIdx, needIdx, lot.agency(), lot.commodity(), origin, dest, path,
                    entering, keep, km, hours, lot.availableFromDay(), dep, arrival, roundTrip));
        }
    }

    /**
     * Adds the candidates of the task's kept paths that the trimmed lists lack (by key), untrimmed.
     * A kept path whose roads the view no longer has from that origin (not a relaxation) is skipped.
     * Kept paths on the same roads from the same origin (one per cargo lot) are evaluated together, as
     * a fresh path is with its lots: one timing and one risk profile per drive, not per lot. The
     * candidates are then added in the order of the kept paths, so the pool is as if made one by one.
     */
    private static void addKept(AgencyTask t, Map<Integer, List<Candidate>> byNeed, Set<String> targets, Demand demand,
                                Map<String, Commodity> commodities, double riskCap) {
        List<KeptPath> kept = t.kept();
        if (kept.isEmpty()) return;
        // lookups by (location, road) and (lot, destination, arcs) without building text keys: this runs for
        // every kept column of every re-solve (tens of thousands on the 10x instance)
        Map<String, Map<String, Arc>> arcByStart = new LinkedHashMap<>();
        for (Arc a : t.view().arcs()) arcByStart.computeIfAbsent(a.from(), f -> new LinkedHashMap<>()).putIfAbsent(a.road(), a);
        Set<PathKey> known = new HashSet<>();
        for (List<Candidate> cs : byNeed.values()) for (Candidate c : cs) known.add(new PathKey(c));
        // kept indexes by drive, in first-seen order; a drive's lots are distinct (kept paths are unique by lot and roads)
        Map<Drive, List<Integer>> byDrive = new LinkedHashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            KeptPath k = kept.get(i);
            Integer lot = demand.lotIndex.get(k.lot());
            if (lot != null && t.lotsByOrigin().get(k.origin()).contains(lot))
                byDrive.computeIfAbsent(k.drive(), d -> new ArrayList<>()).add(i);
        }
        Candidate[] byKept = new Candidate[kept.size()];
        List<Integer> lots = new ArrayList<>();
        List<Candidate> made = new ArrayList<>();
        for (Map.Entry<Drive, List<Integer>> e : byDrive.entrySet()) {
            Drive d = e.getKey();
            List<Arc> path = new ArrayList<>(d.roads().size());
            String at = d.origin();
            for (String road : d.roads()) {
                Arc a = arcByStart.getOrDefault(at, Map.of()).get(road);
                if (a == null) break;
                path.add(a);
                at = a.to();
            }
            if (path.size() != d.roads().size() || !targets.contains(at)) continue;
            List<Integer> indexes = e.getValue();
            lots.clear();
            for (int i : indexes) lots.add(demand.lotIndex.get(kept.get(i).lot()));
            made.clear();
            candidatesOn(t.view(), d.origin(), at, List.copyOf(path), lots, demand, commodities, riskCap, made);
            // candidatesOn keeps the order of the lots it is given, dropping those that fail a filter
            int j = 0;
            for (Candidate c : made) {
                while (lots.get(j) != c.lot()) j++;
                byKept[indexes.get(j)] = c;
            }
        }
        for (Candidate c : byKept)
            if (c != null && known.add(new PathKey(c))) byNeed.computeIfAbsent(c.need(), n -> new ArrayList<>()).add(c);
    }

    /**
     * An agency's roads from one origin: what kept paths for different cargo lots share. Made once per kept path and
     * hashed once: every relaxation of an explanation groups the same few thousand kept paths by it again.
     */
    static final class Drive {
        private final String origin;
        private final List<String> roads;
        private final int hash;

        Drive(String origin, List<String> roads) {
            this.origin = origin;
            this.roads = roads;
            this.hash = 31 * origin.hashCode() + roads.hashCode();
        }

        String origin() { return origin; }

        List<String> roads() { return roads; }

        @Override public boolean equals(Object o) {
            return o == this || o instanceof Drive d && d.hash == hash && d.origin.equals(origin) && d.roads.equals(roads);
        }

        @Override public int hashCode() { return hash; }
    }

    /**
     * Within one agency's task a candidate is its lot (agency, origin, cargo, ready day), destination and arcs:
     * {@link Candidate#key()} without the text. Arcs are compared by identity: in one task every candidate's arcs,
     * generated or kept, are the task's view's own objects, one per road and direction, so equal paths hold the same
     * arcs. With these keys and {@link Drive}'s hash made once, the value of access on Afghanistan (one thread, warm)
     * took 258-272 ms instead of 276-287 ms: every relaxation used to hash each arc's six fields for thousands of keys.
     */
    private static final class PathKey {
        private final int lot;
        private final String destination;
        private final List<Arc> arcs;
        private final int hash;

        PathKey(Candidate c) {
            lot = c.lot();
            destination = c.destination();
            arcs = c.arcs();
            int h = 31 * lot + destination.hashCode();
            for (int i = 0; i < arcs.size(); i++) h = 31 * h + System.identityHashCode(arcs.get(i));
            hash = h;
        }

        @Override public boolean equals(Object o) {
            if (o == this) return true;
            if (!(o instanceof PathKey k) || k.hash != hash || k.lot != lot || k.arcs.size() != arcs.size() || !k.destination.equals(destination))
                return false;
            for (int i = 0; i < arcs.size(); i++) if (k.arcs.get(i) != arcs.get(i)) return false;
            return true;
        }

        @Override public int hashCode() { return hash; }
    }

    /**
     * Up to three distinct paths from {@code origin} to each target: least risk, fastest, and least
     * risk with the arcs of the first two trees penalised per use (so that an alternative appears
     * where one exists). The zero-leg path when the origin itself is a target. The arcs of every tree's path to a
     * target are set in {@code reach} (by index in the view's arcs) when it is not null.
     */
    static Map<String, List<List<Arc>>> alternativePaths(AgencyView view, String origin, Set<String> targets, java.util.BitSet reach) {
        List<Arc> arcs = view.arcs();
        int m = arcs.size();
        double[] risk = new double[m], fast = new double[m];
        for (int i = 0; i < m; i++) {
            Arc a = arcs.get(i);
            risk[i] = -Math.log1p(-a.risk()) + KM_TIE_BREAK * a.km();
            fast[i] = a.hours() + KM_TIE_BREAK * a.km();
        }
        Map<String, List<List<Arc>>> out = new LinkedHashMap<>();
        int[] uses = new int[m];
        addTree(view, view.shortestPaths(origin, risk), origin, targets, out, uses, reach);
        addTree(view, view.shortestPaths(origin, fast), origin, targets, out, uses, reach);
        double[] penalised = new double[m];
        for (int i = 0; i < m; i++) penalised[i] = risk[i] + uses[i] * (risk[i] + REUSE_PENALTY);
        addTree(view, view.shortestPaths(origin, penalised), origin, targets, out, null, reach);
        return out;
    }

    private static void addTree(AgencyView view, AgencyView.PathTree tree, String origin, Set<String> targets,
                                Map<String, List<List<Arc>>> out, int[] uses, java.util.BitSet reach) {
        List<Arc> arcs = view.arcs();
        for (String t : targets) {
            int[] idx = tree.arcIndexesTo(t);
            if (idx == null) continue;
            if (uses != null) for (int i : idx) uses[i]++;
            if (reach != null) for (int i : idx) reach.set(i);
            List<List<Arc>> known = out.computeIfAbsent(t, k -> new ArrayList<>());
            if (containsPath(known, idx, arcs)) continue;
            Arc[] path = new Arc[idx.length];
            for (int i = 0; i < idx.length; i++) path[i] = arcs.get(idx[i]);
            known.add(List.of(path));
        }
    }

    /** True when one of {@code paths} is the arc sequence {@code idx} (a loop: this runs for every tree and target). */
    private static boolean containsPath(List<List<Arc>> paths, int[] idx, List<Arc> arcs) {
        for (int i = 0; i < paths.size(); i++) if (sameArcs(paths.get(i), idx, arcs)) return true;
        return false;
    }

    /** True when {@code path} is the arc sequence {@code idx} (arcs of one view are unique objects). */
    private static boolean sameArcs(List<Arc> path, int[] idx, List<Arc> arcs) {
        if (path.size() != idx.length) return false;
        for (int i = 0; i < idx.length; i++) if (path.get(i) != arcs.get(idx[i])) return false;
        return true;
    }
}
