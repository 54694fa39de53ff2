package org.corridor.allocation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.corridor.network.AgencyView;
import org.corridor.network.CompiledNetwork;
import org.corridor.network.CompiledNetwork.Arc;
import org.corridor.scenario.Commodity;
import org.corridor.solve.SolveControl;
import org.corridor.solve.WorkerPool;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;

/**
 * Candidate routes: for each agency and each location where it holds stock, shortest-path trees in
 * the agency's view under three weightings (least risk, fastest, least risk with the first trees'
 * roads penalised so that an alternative appears), giving up to three distinct paths to every need
 * location. Each (path, stock lot) becomes a {@link Candidate} when it passes the filters:
 * the per-route risk cap 1 - prod(1 - p_e) <= cap; women staff fielded at the destination; a
 * departure day in the horizon that avoids every blocking window; arrival by the need's deadline.
 * Finally only the best {@link #MAX_PER_TARGET} candidates per (agency, destination, commodity) are
 * kept (by risk, then km, then departure day), which bounds the LP on large instances.
 *
 * <p>The trees of different (agency, origin) pairs are independent and run on the worker pool;
 * results come back in input order, so the candidate list does not depend on the thread count.
 */
final class RouteGenerator {
    /** Candidates kept per (agency, destination, commodity). */
    static final int MAX_PER_TARGET = 6;
    /** Weight of one km in the least-risk tree: only breaks ties between equally risky paths. */
    private static final double KM_TIE_BREAK = 1e-7;
    /** Extra weight per earlier use of an arc in the penalised tree (about a 5 % risk road). */
    private static final double REUSE_PENALTY = 0.05;

    private RouteGenerator() {}

    static List<Candidate> generate(CompiledNetwork net, Demand demand, double routeRiskCap, WorkerPool pool, SolveControl control) {
        Map<String, Commodity> commodities = net.commodities();
        // Tasks in a fixed order: agencies in scenario order, origins in first-lot order.
        List<Task> tasks = new ArrayList<>();
        for (AgencyView v : net.views()) {
            if (v.agency().truckCount() == 0) continue;
            Map<String, List<Integer>> lotsByOrigin = new LinkedHashMap<>();
            for (int i = 0; i < demand.lots.size(); i++) {
                Demand.Lot l = demand.lots.get(i);
                if (l.agency().equals(v.agency().id()) && v.canUse(l.location()))
                    lotsByOrigin.computeIfAbsent(l.location(), k -> new ArrayList<>()).add(i);
            }
            lotsByOrigin.forEach((origin, lots) -> tasks.add(new Task(v, origin, lots)));
        }
        Set<String> targets = new LinkedHashSet<>();
        for (Demand.NeedGroup n : demand.needs) targets.add(n.location());

        List<List<Candidate>> perTask = pool.map("routes", tasks,
                t -> candidatesFrom(t, targets, demand, commodities, routeRiskCap, net.horizonDays()), control);

        // Keep the best few per (agency, destination, commodity), merged in task order.
        Map<String, List<Candidate>> byTarget = new LinkedHashMap<>();
        for (List<Candidate> cs : perTask)
            for (Candidate c : cs) byTarget.computeIfAbsent(c.agency() + "|" + c.destination() + "|" + c.commodity(), k -> new ArrayList<>()).add(c);
        Comparator<Candidate> best = Comparator.comparingDouble(Candidate::risk).thenComparingDouble(Candidate::km)
                .thenComparingInt(Candidate::departureDay).thenComparing(Candidate::key);
        List<Candidate> out = new ArrayList<>();
        for (List<Candidate> cs : byTarget.values()) {
            cs.sort(best);
            out.addAll(cs.subList(0, Math.min(MAX_PER_TARGET, cs.size())));
        }
        return out;
    }

    private record Task(AgencyView view, String origin, List<Integer> lots) {}

    /** All candidates from one (agency, origin): paths to every need location, crossed with the origin's lots. */
    private static List<Candidate> candidatesFrom(Task t, Set<String> targets, Demand demand, Map<String, Commodity> commodities,
                                                  double riskCap, int horizon) {
        Map<String, List<List<Arc>>> paths = alternativePaths(t.view().graph(), t.origin(), targets);
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, List<List<Arc>>> e : paths.entrySet()) {
            String dest = e.getKey();
            for (List<Arc> path : e.getValue()) {
                double keep = 1, km = 0, hours = 0;
                double[] entering = new double[path.size()];
                for (int k = 0; k < path.size(); k++) {
                    Arc a = path.get(k);
                    entering[k] = keep;
                    keep *= 1 - a.risk();
                    km += a.km();
                    hours += a.hours();
                }
                if (1 - keep > riskCap + 1e-12) continue; // per-route risk cap, by filtering
                int travel = CompiledNetwork.travelDays(hours);
                for (int lotIdx : t.lots()) {
                    Demand.Lot lot = demand.lots.get(lotIdx);
                    int needIdx = demand.need(dest, lot.commodity());
                    if (needIdx < 0) continue;
                    Commodity c = commodities.get(lot.commodity());
                    if (!t.view().fieldsStaffFor(c, dest)) continue; // women staff, by filtering
                    int dep = t.view().earliestDeparture(t.origin(), path, c, lot.availableFromDay());
                    if (dep < 0) continue; // blocked for the rest of the horizon
                    int arrival = dep + travel;
                    if (arrival > demand.needs.get(needIdx).latestDay()) continue; // deadline, by filtering
                    int roundTrip = travel == 0 ? 0 : 2 * travel;
                    out.add(new Candidate(lotIdx, needIdx, lot.agency(), lot.commodity(), t.origin(), dest, path,
                            entering, keep, km, hours, lot.availableFromDay(), dep, arrival, roundTrip));
                }
            }
        }
        return out;
    }

    /**
     * Up to three distinct paths from {@code origin} to each target: least risk, fastest, and least
     * risk with the roads of the first two trees penalised. The zero-leg path when the origin is a
     * target.
     */
    static Map<String, List<List<Arc>>> alternativePaths(Graph<String, Arc> g, String origin, Set<String> targets) {
        Function<Arc, Double> risk = a -> -Math.log1p(-a.risk()) + KM_TIE_BREAK * a.km();
        Function<Arc, Double> fast = a -> a.hours() + KM_TIE_BREAK * a.km();
        Map<String, List<List<Arc>>> out = new LinkedHashMap<>();
        for (String t : targets) if (t.equals(origin)) out.computeIfAbsent(t, k -> new ArrayList<>()).add(List.of());

        Map<Arc, Integer> uses = new IdentityHashMap<>();
        addTree(g, origin, targets, risk, out, uses);
        addTree(g, origin, targets, fast, out, uses);
        addTree(g, origin, targets, a -> risk.apply(a) + uses.getOrDefault(a, 0) * (risk.apply(a) + REUSE_PENALTY), out, null);
        return out;
    }

    private static void addTree(Graph<String, Arc> g, String origin, Set<String> targets, Function<Arc, Double> weight,
                                Map<String, List<List<Arc>>> out, Map<Arc, Integer> uses) {
        SingleSourcePaths<String, Arc> tree = new DijkstraShortestPath<>(new AsWeightedGraph<>(g, weight, true, false)).getPaths(origin);
        for (String t : targets) {
            if (t.equals(origin) || !g.containsVertex(t)) continue;
            GraphPath<String, Arc> p = tree.getPath(t);
            if (p == null) continue;
            List<Arc> arcs = List.copyOf(p.getEdgeList());
            List<List<Arc>> known = out.computeIfAbsent(t, k -> new ArrayList<>());
            if (!known.contains(arcs)) known.add(arcs);
            if (uses != null) for (Arc a : arcs) uses.merge(a, 1, Integer::sum);
        }
    }
}
