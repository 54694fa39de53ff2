package org.corridor.allocation;

import com.google.ortools.Loader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.corridor.network.CompiledNetwork;
import org.corridor.network.CompiledNetwork.Arc;
import org.corridor.plan.Plan;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Location;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;

/**
 * The allocation stage: candidate routes, the lexicographic LP, and the plan's routes, unmet need
 * and KPIs read from its solution. Stateless; each call builds and frees its own LP.
 */
public final class Allocator {
    /** Routes carrying less than this many tonnes are dropped from the plan. */
    public static final double MIN_TONNES = 1e-6;

    private Allocator() {}

    /**
     * Allocates the stocks of a compiled network to its needs.
     *
     * @param net      the compiled scenario (its horizon is the plan's horizon)
     * @param options  risk budget or weight, route risk cap, equity floor, time limit
     * @param pool     worker pool for route generation (results are merged in input order)
     * @param control  cancellation and progress; checked between stages and inside GLOP
     * @return routes, unmet need, KPIs, LP status and duals
     * @throws SolveControl.SolveCancelledException when {@code control} cancels the solve
     */
    public static AllocationResult allocate(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control) {
        return allocate(net, options, pool, control, AllocationLp.FULL_POOL, Stability.NONE, List.of(), RouteFilter.ALL, true, null, null, true);
    }

    /**
     * Allocates as above for a re-solve: the stages after coverage also minimise
     * {@code stability.weight()} x sum_k |x_k - previous_k| over the previous plan's routes, whose paths join
     * the candidate pool wherever the new version admits them (untrimmed), and routes with frozen tonnes
     * dispatch at least those (see {@link Stability}).
     */
    public static AllocationResult allocate(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control, Stability stability) {
        return allocate(net, options, pool, control, stability, null);
    }

    /**
     * Allocates as above, taking over from {@code reuse} (a previous allocation's {@link AllocationResult#routePool()}, or
     * null) the candidate routes of every agency that generating them again would give unchanged ({@link RoutePool});
     * the result is the one without {@code reuse}, its own pool aside.
     */
    public static AllocationResult allocate(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control, Stability stability,
                                            RoutePool reuse) {
        return allocate(net, options, pool, control, AllocationLp.FULL_POOL, stability, keptPaths(stability, Demand.of(net.scenario())), RouteFilter.ALL,
                true, null, reuse, true);
    }

    /** The previous routes' paths as kept paths, one per lot of the route's agency and commodity at its origin. */
    private static List<RouteGenerator.KeptPath> keptPaths(Stability stability, Demand demand) {
        List<RouteGenerator.KeptPath> out = new ArrayList<>();
        for (Stability.Path p : stability.paths())
            for (Demand.Lot l : demand.lots)
                if (l.agency().equals(p.agency()) && l.location().equals(p.origin()) && l.commodity().equals(p.commodity()))
                    out.add(new RouteGenerator.KeptPath(p.agency(), p.origin(), p.roads(), l.key()));
        return out;
    }

    /**
     * Allocates as above for a relaxation of another solve (an access rule lifted, a limit raised):
     * the candidate pool also holds every path of {@code base} that is admissible in {@code net},
     * re-evaluated there and never trimmed. With {@code base} made from the {@link #routeColumns} of the network
     * {@code net} relaxes, every column of that solve is a column here at least as good (less risk,
     * earlier departure), so the coverage optimum cannot get worse, as it must not for a relaxation.
     * Of the freshly generated routes only those {@code fresh} admits join the pool (before trimming).
     * Its duals carry no route reduced costs (an empty map): a relaxation is read by its unmet need and
     * routes, and the solve it relaxes prices routes of other networks with its own duals.
     */
    public static AllocationResult allocate(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control,
                                            RelaxationBase base, RouteFilter fresh) {
        return allocate(net, options, pool, control, AllocationLp.FULL_POOL, Stability.NONE, base.paths, fresh, false, base.start, null, false);
    }

    /**
     * What every relaxation of one solve starts from, built once for all of them (an explanation runs dozens, and each
     * read every base column again before): the paths of the solve's route columns, one per stock lot and roads, which
     * each relaxation re-evaluates in its own network; and, when given, the solve's plan routes, from which each
     * relaxation's LP starts ({@link #startingFrom}). Immutable and thread-safe.
     */
    public static final class RelaxationBase {
        private final List<RouteGenerator.KeptPath> paths;
        private final Predicate<Candidate> start;

        /** The paths of {@code columns}, the {@link #routeColumns} of the solve relaxed; the pool enters the LP whole when it is small. */
        public RelaxationBase(List<RouteColumn> columns) {
            List<RouteGenerator.KeptPath> out = new ArrayList<>();
            record LotPath(String lot, List<String> roads) {} // one kept path per (lot, roads); a record key, not text
            Set<LotPath> seen = new HashSet<>();
            for (RouteColumn c : columns)
                if (seen.add(new LotPath(c.stockLot(), c.roads()))) out.add(new RouteGenerator.KeptPath(c.agency(), c.origin(), c.roads(), c.stockLot()));
            this.paths = List.copyOf(out);
            this.start = null;
        }

        private RelaxationBase(List<RouteGenerator.KeptPath> paths, Predicate<Candidate> start) {
            this.paths = paths;
            this.start = start;
        }

        /**
         * The same paths, each relaxation's first LP holding the candidates on the roads of {@code routes} (the relaxed
         * solve's plan routes: same agency, cargo and ends, any stock lot) and the best {@link AllocationLp#INITIAL_PER_NEED}
         * per need, the rest of the pool priced in as its reduced cost asks: the optimum over the whole pool, as when the
         * pool enters the LP whole, in an LP near the size of the plan (Afghanistan: about 500 columns instead of 4,500).
         * Each LP column is a finalizable OR-Tools proxy, which young collections must trace and the finalizer thread must
         * clear, and a young pause during an explanation stops every worker.
         */
        public RelaxationBase startingFrom(List<Plan.Route> routes) {
            return new RelaxationBase(paths, startingColumns(routes));
        }

        /** Candidates on the roads of one of {@code routes} for the same agency, cargo and ends. */
        private static Predicate<Candidate> startingColumns(List<Plan.Route> routes) {
            record Ends(String agency, String commodity, String origin, String destination) {}
            Map<Ends, Set<List<String>>> roadsByEnds = new HashMap<>();
            for (Plan.Route r : routes) {
                List<String> roads = new ArrayList<>(r.legs().size());
                for (Plan.Leg l : r.legs()) roads.add(l.road());
                roadsByEnds.computeIfAbsent(new Ends(r.agency(), r.commodity(), r.origin(), r.destination()), k -> new HashSet<>()).add(roads);
            }
            return c -> {
                Set<List<String>> known = roadsByEnds.get(new Ends(c.agency(), c.commodity(), c.origin(), c.destination()));
                if (known == null) return false; // most candidates: no plan route between the same ends
                List<String> roads = new ArrayList<>(c.arcs().size());
                for (Arc a : c.arcs()) roads.add(a.road());
                return known.contains(roads);
            };
        }
    }

    /** Which generated routes may join a candidate pool, read from the route's agency, cargo, ends and road ids in order. */
    @FunctionalInterface
    public interface RouteFilter {
        /** Every route. */
        RouteFilter ALL = (agency, commodity, origin, destination, roads) -> true;

        boolean admits(String agency, String commodity, String origin, String destination, List<String> roads);

        /**
         * False when no route of {@code agency} on these roads is admitted, whatever its cargo: the
         * generator then skips the path before building its candidates (their timing and deadline
         * checks). Must never be false where {@link #admits} is true for some commodity.
         */
        default boolean mayAdmit(String agency, String origin, String destination, List<String> roads) { return true; }
    }

    /** A cold solve entering the whole candidate pool into the first LP only when it has at most {@code fullPool} columns. */
    static AllocationResult allocate(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control, int fullPool) {
        return allocate(net, options, pool, control, fullPool, Stability.NONE, List.of(), RouteFilter.ALL, true, null, null, true);
    }

    /** A re-solve entering the whole candidate pool into the first LP only when it has at most {@code fullPool} columns. */
    static AllocationResult allocate(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control, int fullPool,
                                     Stability stability) {
        return allocate(net, options, pool, control, fullPool, stability, keptPaths(stability, Demand.of(net.scenario())), RouteFilter.ALL, true, null,
                null, true);
    }

    private static AllocationResult allocate(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control, int fullPool,
                                     Stability stability, List<RouteGenerator.KeptPath> kept, RouteFilter fresh, boolean routeReducedCosts,
                                     Predicate<Candidate> start, RoutePool reuse, boolean pooled) {
        long deadline = System.nanoTime() + (long) (options.timeLimitSeconds() * 1e9);
        Map<String, Long> millis = new LinkedHashMap<>();
        Demand demand = Demand.of(net.scenario());

        long t0 = System.nanoTime();
        RouteGenerator.Pooled generated = pooled ? RouteGenerator.generate(net, demand, options.routeRiskCap(), kept, reuse, pool, control)
                : new RouteGenerator.Pooled(RouteGenerator.generate(net, demand, options.routeRiskCap(), kept, fresh, pool, control), null);
        List<Candidate> cands = generated.candidates();
        millis.put("routes", (System.nanoTime() - t0) / 1_000_000);
        control.progress("allocate", 0.4);
        if (control.cancelled()) throw new SolveControl.SolveCancelledException("allocate");

        Loader.loadNativeLibraries(); // once per JVM (~1 s to unpack): kept out of the LP's timings
        t0 = System.nanoTime();
        try (AllocationLp lp = new AllocationLp(net, demand, cands, options, fullPool, stability, routeReducedCosts, start)) {
            millis.put("lp.build", (System.nanoTime() - t0) / 1_000_000);
            AllocationLp.Solution sol = lp.solve(control, deadline);
            millis.putAll(sol.stageMillis());
            t0 = System.nanoTime();
            List<Plan.Route> routes = routes(net, cands, sol.dispatched());
            List<Plan.Unmet> unmet = unmet(demand, sol.unmet());
            Plan.Kpis kpis = kpis(net, demand, routes);
            millis.put("plan", (System.nanoTime() - t0) / 1_000_000);
            return new AllocationResult(routes, unmet, kpis, sol.status(), round(sol.objective()), round(sol.bound()),
                    millis, cands.size(), sol.columns(), sol.pricingRounds(), sol.duals(), generated.pool());
        }
    }

    /**
     * The columns the coverage LP would have on {@code net}, without solving it: every candidate route
     * with its coefficient in each row, keyed as {@link AllocationResult.Duals#routeReducedCost()}.
     * With the duals of a solved LP, d_r = cost_r - sum_i y_i a_ir prices a route of another network
     * (the explain stage estimates what lifting an access rule is worth this way).
     *
     * @return columns in the LP's order; thread-safe (builds nothing shared)
     */
    public static List<RouteColumn> routeColumns(CompiledNetwork net, SolveOptions options, WorkerPool pool, SolveControl control) {
        Demand demand = Demand.of(net.scenario());
        Map<String, Double> payload = new LinkedHashMap<>();
        for (Agency a : net.scenario().agencies()) payload.put(a.id(), Demand.meanPayload(a));
        // One text per lot, need and directed road, shared by every column naming it: an explanation holds the columns
        // of two networks while it runs (10x: 123,000), and a text of each per column had been most of its live heap
        // (1.27 million strings, about 80 MB), which young collections copied while both workers waited.
        String[] lotKeys = new String[demand.lots.size()], needKeys = new String[demand.needs.size()];
        for (int i = 0; i < lotKeys.length; i++) lotKeys[i] = demand.lots.get(i).key();
        for (int i = 0; i < needKeys.length; i++) needKeys[i] = demand.needs.get(i).key();
        Map<Arc, String> directedOf = new IdentityHashMap<>(); // arcs of one network are unique objects
        Map<Double, Double> shares = new HashMap<>(); // one box per share entering a road: 806,000 of them were 35,000 values
        List<RouteColumn> out = new ArrayList<>();
        for (Candidate c : RouteGenerator.generate(net, demand, options.routeRiskCap(), pool, control)) {
            List<String> roads = new ArrayList<>(), directed = new ArrayList<>();
            List<Double> entering = new ArrayList<>();
            for (int k = 0; k < c.arcs().size(); k++) {
                Arc a = c.arcs().get(k);
                roads.add(a.road());
                directed.add(directedOf.computeIfAbsent(a, x -> AllocationResult.Duals.directed(x.road(), x.to())));
                entering.add(shares.computeIfAbsent(c.entering()[k], x -> x));
            }
            double budget = options.riskBudget() == null ? 0 : AllocationLp.budgetCoefficient(c, options.riskBudget());
            out.add(new RouteColumn(c.key(), c.agency(), c.commodity(), c.origin(), c.destination(), roads,
                    lotKeys[c.lot()], needKeys[c.need()], c.keep(), entering,
                    c.roundTripDays() == 0 ? 0 : c.roundTripDays() / payload.get(c.agency()),
                    AllocationLp.coverageCost(c, options), budget, directed));
        }
        return out;
    }

    /**
     * One LP column: cargo of one stock lot on one path to one need, with its coefficient in each row.
     *
     * @param key               candidate key, as in {@link AllocationResult.Duals#routeReducedCost()}
     * @param roads             road ids in driving order (empty when the stock lies at the need)
     * @param stockLot          stock row key "agency|location|commodity|availableFromDay" (coefficient 1)
     * @param need              need row key "location|commodity" (coefficient {@code keep})
     * @param keep              share of dispatched cargo delivered
     * @param entering          per road, share of dispatched cargo entering it (capacity row coefficients)
     * @param truckDaysPerTonne fleet row coefficient: round-trip days / mean payload of the agency
     * @param coverageCost      coefficient in the coverage objective
     * @param riskBudgetCoefficient risk budget row coefficient 1 - keep - B (0 when no budget is set)
     * @param directedRoads     per leg, the capacity row it counts in: {@link AllocationResult.Duals#directed}(road, leg end)
     */
    public record RouteColumn(String key, String agency, String commodity, String origin, String destination,
                              List<String> roads, String stockLot, String need, double keep, List<Double> entering,
                              double truckDaysPerTonne, double coverageCost, double riskBudgetCoefficient,
                              List<String> directedRoads) {
        public RouteColumn {
            roads = List.copyOf(roads);
            directedRoads = List.copyOf(directedRoads);
            entering = List.copyOf(entering);
        }
    }

    /** Plan routes for the candidates with tonnes, sorted and numbered R00001, R00002, ... */
    private static List<Plan.Route> routes(CompiledNetwork net, List<Candidate> cands, double[] x) {
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < x.length; i++) if (x[i] >= MIN_TONNES) used.add(i);
        used.sort(Comparator.comparing((Integer i) -> cands.get(i).agency()).thenComparing(i -> cands.get(i).commodity())
                .thenComparing(i -> cands.get(i).origin()).thenComparing(i -> cands.get(i).destination())
                .thenComparing(i -> cands.get(i).key()));
        List<Plan.Route> out = new ArrayList<>();
        for (int i : used) {
            Candidate c = cands.get(i);
            List<Plan.Leg> legs = new ArrayList<>();
            double in = x[i];
            for (Arc a : c.arcs()) {
                double outT = in * (1 - a.risk());
                legs.add(new Plan.Leg(a.road(), a.from(), a.to(), a.km(), a.hours(), a.risk(), round(in), round(outT)));
                in = outT;
            }
            double dispatched = round(x[i]);
            double delivered = round(in); // what leaves the last leg (all of it for a zero-leg route)
            out.add(new Plan.Route(String.format("R%05d", out.size() + 1), c.agency(), c.commodity(), c.origin(), c.destination(),
                    legs, dispatched, delivered, round(dispatched - delivered), c.departureDay(), c.arrivalDay()));
        }
        return out;
    }

    /** Unmet need per (location, commodity) with more than {@link #MIN_TONNES}, by location then commodity. */
    private static List<Plan.Unmet> unmet(Demand demand, double[] u) {
        List<Plan.Unmet> out = new ArrayList<>();
        for (int n = 0; n < u.length; n++) {
            if (u[n] < MIN_TONNES) continue;
            Demand.NeedGroup g = demand.needs.get(n);
            out.add(new Plan.Unmet(g.location(), g.commodity(), round(u[n]), g.weight()));
        }
        out.sort(Comparator.comparing(Plan.Unmet::location).thenComparing(Plan.Unmet::commodity));
        return out;
    }

    /**
     * KPIs from the rounded routes, so that anyone can recompute them from the plan:
     * coverage = sum_n w_n min(delivered_n, need_n) / sum_n w_n need_n;
     * people reached = sum over need locations l of max_n people_n x (weighted coverage of l);
     * truck-km = sum_r 2 x km_r x dispatched_r / payload_a (round trips);
     * cost = truck-days, sum_r dispatched_r / payload_a x 2 ceil(hours_r / 8) (the scenario has no prices);
     * diversion by region: each leg's loss (tonnesIn - tonnesOut) in the region of the leg's end.
     */
    private static Plan.Kpis kpis(CompiledNetwork net, Demand demand, List<Plan.Route> routes) {
        Map<String, Location> locations = net.scenario().locationsById();
        Map<String, Agency> agencies = net.scenario().agenciesById();
        Map<String, Double> delivered = new LinkedHashMap<>();
        double dispatched = 0, deliveredTotal = 0, diversion = 0, truckKm = 0, truckDays = 0;
        Map<String, Double> byRegion = new TreeMap<>();
        for (Plan.Route r : routes) {
            delivered.merge(r.destination() + "|" + r.commodity(), r.tonnesDelivered(), Double::sum);
            dispatched += r.tonnesDispatched();
            deliveredTotal += r.tonnesDelivered();
            diversion += r.expectedDiversionTonnes();
            double q = Demand.meanPayload(agencies.get(r.agency()));
            double km = 0, hours = 0;
            for (Plan.Leg l : r.legs()) {
                km += l.km();
                hours += l.hours();
                byRegion.merge(locations.get(l.to()).region(), l.tonnesIn() - l.tonnesOut(), Double::sum);
            }
            truckKm += 2 * km * r.tonnesDispatched() / q;
            truckDays += 2 * CompiledNetwork.travelDays(hours) * r.tonnesDispatched() / q;
        }
        double weightedNeed = 0, weightedMet = 0, needTonnes = 0;
        Map<String, double[]> byLocation = new LinkedHashMap<>(); // [weighted met, weighted need, max people]
        for (Demand.NeedGroup g : demand.needs) {
            double met = Math.min(delivered.getOrDefault(g.key(), 0.0), g.tonnes());
            needTonnes += g.tonnes();
            weightedNeed += g.weight() * g.tonnes();
            weightedMet += g.weight() * met;
            double[] l = byLocation.computeIfAbsent(g.location(), k -> new double[3]);
            l[0] += g.weight() * met;
            l[1] += g.weight() * g.tonnes();
            l[2] = Math.max(l[2], g.people());
        }
        double people = 0;
        for (double[] l : byLocation.values()) if (l[1] > 0) people += l[2] * l[0] / l[1];
        byRegion.replaceAll((k, v) -> round(v));
        return new Plan.Kpis(weightedNeed == 0 ? 1.0 : round(weightedMet / weightedNeed), round(needTonnes), round(deliveredTotal),
                round(dispatched), round(diversion), dispatched == 0 ? 0.0 : round(diversion / dispatched), Math.round(people),
                round(truckKm), round(truckDays), byRegion);
    }

    /** Reported numbers are rounded to 1e-6 so that the plan's JSON is stable. */
    static double round(double v) {
        double r = Math.round(v * 1e6) / 1e6;
        return r == 0 ? 0.0 : r; // no "-0.0" in the JSON
    }
}
