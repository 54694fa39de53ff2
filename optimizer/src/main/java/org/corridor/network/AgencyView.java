package org.corridor.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.corridor.network.CompiledNetwork.Arc;
import org.corridor.network.CompiledNetwork.EffectiveRoad;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;

/**
 * The road graph as one agency may use it over the horizon: a directed multigraph whose vertices are
 * the locations the agency can be at on some day of the horizon and whose edges ({@link Arc}) are
 * the roads open on some day, in each drivable direction, with the agency's effective risk.
 *
 * <p>Admissibility is by construction: an area denied to the agency for the whole horizon, an entry
 * point closed for the whole horizon, or a road closed for the whole horizon is simply absent. Rules
 * valid on part of the horizon leave the element in the graph and instead give day windows that the
 * travel days of a route must avoid ({@link RouteTiming#earliestDeparture}).
 *
 * <p>Immutable and safe to read from several threads.
 */
public final class AgencyView {
    private final Agency agency;
    private final Graph<String, Arc> graph;
    private final Map<String, List<DayWindow>> nodeBlocks;
    private final RuleEffects effects;
    private final Map<String, Location> locations;
    private final Map<String, EffectiveRoad> roads;
    private final int horizon;
    // A compact copy of the graph for the hot path: JGraphT's Dijkstra allocates maps per call, and a
    // solve runs several trees per (agency, origin). Arcs are indexed in graph order.
    private final Arc[] arcs;
    /** {@link #arcs} as the list {@link #arcs()} hands out: made once, as route generation asks for it per tree. */
    private final List<Arc> arcList;
    private final String[] nodes;
    private final Map<String, Integer> nodeIndex = new java.util.HashMap<>();
    private final int[] firstOut;
    private final int[] outArcs;
    private final int[] head;
    private final int[] tail;

    AgencyView(Agency agency, Graph<String, Arc> graph, Map<String, List<DayWindow>> nodeBlocks, RuleEffects effects,
               Map<String, Location> locations, Map<String, EffectiveRoad> roads, int horizon) {
        this.agency = agency;
        this.graph = new AsUnmodifiableGraph<>(graph);
        this.nodeBlocks = nodeBlocks;
        this.effects = effects;
        this.locations = locations;
        this.roads = roads;
        this.horizon = horizon;
        this.nodes = graph.vertexSet().toArray(new String[0]);
        for (int i = 0; i < nodes.length; i++) nodeIndex.put(nodes[i], i);
        this.arcs = graph.edgeSet().toArray(new Arc[0]);
        this.arcList = List.of(arcs);
        Map<Arc, Integer> arcIndex = new java.util.IdentityHashMap<>();
        for (int i = 0; i < arcs.length; i++) arcIndex.put(arcs[i], i);
        this.firstOut = new int[nodes.length + 1];
        this.outArcs = new int[arcs.length];
        this.head = new int[arcs.length];
        this.tail = new int[arcs.length];
        int k = 0;
        for (int v = 0; v < nodes.length; v++) {
            firstOut[v] = k;
            for (Arc a : graph.outgoingEdgesOf(nodes[v])) outArcs[k++] = arcIndex.get(a);
        }
        firstOut[nodes.length] = k;
        for (int i = 0; i < arcs.length; i++) {
            head[i] = nodeIndex.get(arcs[i].to());
            tail[i] = nodeIndex.get(arcs[i].from());
        }
    }

    /**
     * True when compiling would build this view again exactly (so a compile may take it over, see
     * {@link CompiledNetwork#compile(org.corridor.scenario.Scenario, int, CompiledNetwork)}): the same agency and horizon,
     * usable locations and arcs in the same order, the same day windows at locations and on the roads it drives, and
     * {@code effects} giving its route timing the same permits, commodity bans and women-staff bars. The locations'
     * provinces are compared by the caller, once for all agencies.
     */
    boolean builtFrom(Agency agency, java.util.Collection<String> usableNodes, List<Arc> arcs, Map<String, List<DayWindow>> nodeBlocks,
                      RuleEffects effects, Map<String, EffectiveRoad> roads, int horizon) {
        if (horizon != this.horizon || !agency.equals(this.agency) || !arcList.equals(arcs) || !nodeBlocks.equals(this.nodeBlocks)
                || !java.util.Arrays.asList(nodes).equals(new ArrayList<>(usableNodes)) || !effects.sameTimingFor(agency.id(), this.effects))
            return false;
        for (Arc a : arcs)
            if (!roads.get(a.road()).closedWindows().equals(this.roads.get(a.road()).closedWindows())) return false;
        return true;
    }

    /**
     * The roads and locations by which this view differs from {@code previous} (a view of the same agency compiled for
     * another version of the scenario) when it only takes away or worsens: locations gone or with other blocked days,
     * arcs gone, riskier or slower, roads with other closed days, each kept element in the same order. Null when it
     * adds or improves anything (a location or arc, less risk or fewer hours), or when the agency, horizon, locations'
     * provinces or the permits, commodity bans and women-staff bars its route timing reads differ.
     *
     * <p>Why this is enough to keep a route generated in {@code previous} whose roads and places avoid all of these:
     * with positive arc weights, Dijkstra settles nodes by distance then index, and an arc taken away or made heavier
     * off a tree's path to a node changes neither that path nor its distance, nor (relative order kept) any tie.
     */
    public Worsening worseningSince(AgencyView previous) {
        if (previous.horizon != horizon || !previous.agency.equals(agency) || !previous.locations.equals(locations)
                || !effects.sameTimingFor(agency.id(), previous.effects))
            return null;
        java.util.Set<String> places = new java.util.LinkedHashSet<>(), roadIds = new java.util.LinkedHashSet<>();
        int last = -1;
        for (String n : nodes) {
            Integer i = previous.nodeIndex.get(n);
            if (i == null || i < last) return null; // a location added, or the order changed
            for (int j = last + 1; j < i; j++) places.add(previous.nodes[j]); // gone
            last = i;
            if (!nodeBlocks.getOrDefault(n, List.of()).equals(previous.nodeBlocks.getOrDefault(n, List.of()))) places.add(n);
        }
        for (int j = last + 1; j < previous.nodes.length; j++) places.add(previous.nodes[j]);
        Map<ArcEnds, Integer> before = new java.util.HashMap<>();
        for (int i = 0; i < previous.arcs.length; i++) before.put(ArcEnds.of(previous.arcs[i]), i);
        last = -1;
        for (Arc a : arcs) {
            Integer i = before.get(ArcEnds.of(a));
            if (i == null || i < last) return null;
            for (int j = last + 1; j < i; j++) roadIds.add(previous.arcs[j].road());
            last = i;
            Arc b = previous.arcs[i];
            if (a.risk() < b.risk() || a.hours() < b.hours() || a.km() != b.km()) return null;
            if (!a.equals(b) || !roads.get(a.road()).closedWindows().equals(previous.roads.get(a.road()).closedWindows())) roadIds.add(a.road());
        }
        for (int j = last + 1; j < previous.arcs.length; j++) roadIds.add(previous.arcs[j].road());
        return new Worsening(roadIds, places);
    }

    /**
     * What {@link #worseningSince} found taken away or worsened.
     *
     * @param roads     roads with an arc gone, riskier or slower, or with other closed days
     * @param locations locations gone or with other blocked days
     */
    public record Worsening(java.util.Set<String> roads, java.util.Set<String> locations) {
        public Worsening {
            roads = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(roads));
            locations = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(locations));
        }
    }

    /** An arc's identity across versions of a view: its road and direction. */
    private record ArcEnds(String road, String from, String to) {
        static ArcEnds of(Arc a) { return new ArcEnds(a.road(), a.from(), a.to()); }
    }

    /** The view's arcs in a fixed order; {@link #shortestPaths} takes one weight per arc in this order. */
    public List<Arc> arcs() { return arcList; }

    /**
     * Shortest-path tree from {@code origin} under non-negative arc weights (Dijkstra with a binary
     * heap; ties go to the lower node index, so the tree is deterministic).
     *
     * @param arcWeights one weight >= 0 per arc, in {@link #arcs()} order
     */
    public PathTree shortestPaths(String origin, double[] arcWeights) {
        int n = nodes.length;
        double[] dist = new double[n];
        int[] via = new int[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(via, -1);
        Integer src = nodeIndex.get(origin);
        if (src == null) return new PathTree(dist, via, -1);
        dist[src] = 0;
        MinHeap heap = new MinHeap(n);
        heap.push(src, 0);
        boolean[] done = new boolean[n];
        while (!heap.isEmpty()) {
            int v = heap.pop();
            if (done[v]) continue;
            done[v] = true;
            for (int k = firstOut[v]; k < firstOut[v + 1]; k++) {
                int a = outArcs[k], w = head[a];
                double d = dist[v] + arcWeights[a];
                if (d < dist[w]) {
                    dist[w] = d;
                    via[w] = a;
                    heap.push(w, d);
                }
            }
        }
        return new PathTree(dist, via, src);
    }

    /** The result of {@link #shortestPaths}: the path to any reachable location. */
    public final class PathTree {
        private final double[] dist;
        private final int[] via;
        private final int source;

        private PathTree(double[] dist, int[] via, int source) {
            this.dist = dist;
            this.via = via;
            this.source = source;
        }

        /** Indexes (in {@link #arcs()} order) of the arcs to {@code target}, in driving order; null when unreachable. */
        public int[] arcIndexesTo(String target) {
            Integer t = nodeIndex.get(target);
            if (t == null || source < 0 || Double.isInfinite(dist[t])) return null;
            int len = 0;
            for (int v = t; v != source; v = tail[via[v]]) len++;
            int[] out = new int[len];
            int v = t;
            for (int i = len - 1; i >= 0; i--) {
                out[i] = via[v];
                v = tail[via[v]];
            }
            return out;
        }
    }

    /** Binary min-heap of (node, key) with lazy deletion; ties broken by node index for determinism. */
    private static final class MinHeap {
        private int[] node;
        private double[] key;
        private int size;

        MinHeap(int capacity) {
            node = new int[Math.max(4, capacity)];
            key = new double[node.length];
        }

        boolean isEmpty() { return size == 0; }

        void push(int v, double k) {
            if (size == node.length) {
                node = java.util.Arrays.copyOf(node, size * 2);
                key = java.util.Arrays.copyOf(key, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) / 2;
                if (!less(k, v, key[p], node[p])) break;
                node[i] = node[p];
                key[i] = key[p];
                i = p;
            }
            node[i] = v;
            key[i] = k;
        }

        int pop() {
            int top = node[0];
            size--;
            if (size > 0) {
                int v = node[size];
                double k = key[size];
                int i = 0;
                while (true) {
                    int c = 2 * i + 1;
                    if (c >= size) break;
                    if (c + 1 < size && less(key[c + 1], node[c + 1], key[c], node[c])) c++;
                    if (!less(key[c], node[c], k, v)) break;
                    node[i] = node[c];
                    key[i] = key[c];
                    i = c;
                }
                node[i] = v;
                key[i] = k;
            }
            return top;
        }

        private static boolean less(double k1, int v1, double k2, int v2) { return k1 < k2 || (k1 == k2 && v1 < v2); }
    }

    public Agency agency() { return agency; }

    /** The admissible directed graph (read-only). */
    public Graph<String, Arc> graph() { return graph; }

    /** True when the agency can be at {@code location} on at least one day of the horizon. */
    public boolean canUse(String location) { return graph.containsVertex(location); }

    /** Province of a location. */
    public String provinceOf(String location) { return locations.get(location).province(); }

    /**
     * Static commodity check at the destination: a commodity that needs women staff can be delivered
     * to a province only by an agency fielding women staff there.
     */
    public boolean fieldsStaffFor(Commodity commodity, String destination) {
        return !commodity.needsWomenStaff() || agency.fieldsWomenStaffIn(provinceOf(destination));
    }

    /** Days of permit delay before a route from {@code origin} along {@code path} may leave. */
    public int permitDelayDays(String origin, List<Arc> path) {
        List<String> entered = new ArrayList<>(4);
        String current = provinceOf(origin);
        for (int k = 0; k < path.size(); k++) {
            String p = provinceOf(path.get(k).to());
            if (!p.equals(current) && !entered.contains(p)) entered.add(p);
            current = p;
        }
        return effects.permitDelayDays(agency.id(), entered);
    }

    /**
     * What route timing needs from one path, computed once and reused for every stock lot on it.
     * It runs for every path of every re-solve, so it loops by index and adds window by window: a
     * path comes as several List classes, whose iterators and addAll copies the JIT did not optimise
     * away (they were among the largest sites of an allocation profile of an Afghanistan explanation).
     */
    public RouteTiming timing(String origin, List<Arc> path) {
        List<DayWindow> blocks = new ArrayList<>();
        addEach(blocks, nodeBlocks.getOrDefault(origin, List.of()));
        double hours = 0;
        for (int k = 0; k < path.size(); k++) {
            Arc a = path.get(k);
            hours += a.hours();
            addEach(blocks, roads.get(a.road()).closedWindows());
            addEach(blocks, nodeBlocks.getOrDefault(a.to(), List.of()));
        }
        // A zero-leg route hands stock out where it lies: the restriction of that province applies.
        List<String> provinces = path.isEmpty() ? List.of(provinceOf(origin)) : CompiledNetwork.provincesAfterOrigin(path, locations);
        String dest = path.isEmpty() ? origin : path.get(path.size() - 1).to();
        return new RouteTiming(blocks, provinces, provinceOf(dest), CompiledNetwork.travelDays(hours), permitDelayDays(origin, path));
    }

    private static void addEach(List<DayWindow> to, List<DayWindow> windows) {
        for (int i = 0; i < windows.size(); i++) to.add(windows.get(i));
    }

    /** Timing of one path for this agency: travel days, permit delay and the windows that block it. */
    public final class RouteTiming {
        private final List<DayWindow> blocks;
        private final List<String> provinces;
        private final String destProvince;
        private final int travelDays;
        private final int permitDelay;

        private RouteTiming(List<DayWindow> blocks, List<String> provinces, String destProvince, int travelDays, int permitDelay) {
            this.blocks = blocks;
            this.provinces = provinces;
            this.destProvince = destProvince;
            this.travelDays = travelDays;
            this.permitDelay = permitDelay;
        }

        /** ceil(driving hours / 8). */
        public int travelDays() { return travelDays; }

        /**
         * The earliest day >= {@code readyDay} + permit delay on which cargo of {@code commodity} can
         * leave along the path such that none of its travel days [dep, dep + travel days] falls in a
         * window that blocks it: a road closed, a location closed to the agency (entry point closed,
         * area denied), the commodity restricted in a province it enters, or (for women-staff
         * commodities) a women-staff bar at the destination that does not exempt the agency.
         *
         * @return that day, or -1 when no such day lies inside the horizon
         */
        public int earliestDeparture(Commodity commodity, int readyDay) {
            // the path's own windows, plus the commodity's bans and bars: a new list only when there are some
            // (rarely; this runs for every stock lot of every fresh path of every re-solve)
            List<DayWindow> all = blocks;
            for (String p : provinces) all = plus(all, effects.commodityBans(commodity.id(), p));
            if (commodity.needsWomenStaff()) all = plus(all, effects.womenBarsAgainst(agency.id(), destProvince));
            int dep = readyDay + permitDelay;
            boolean moved = true;
            while (moved && dep < horizon) {
                moved = false;
                for (int i = 0; i < all.size(); i++) {
                    DayWindow w = all.get(i);
                    if (w.fromDay() <= dep + travelDays && w.toDay() >= dep) {
                        dep = w.toDay() + 1;
                        moved = true;
                    }
                }
            }
            return dep < horizon ? dep : -1;
        }

        /** {@code all} followed by {@code more}: {@code all} itself when {@code more} is empty, else a copy (never {@link #blocks}). */
        private List<DayWindow> plus(List<DayWindow> all, List<DayWindow> more) {
            if (more.isEmpty()) return all;
            List<DayWindow> out = all == blocks ? new ArrayList<>(blocks) : all;
            out.addAll(more);
            return out;
        }
    }
}
