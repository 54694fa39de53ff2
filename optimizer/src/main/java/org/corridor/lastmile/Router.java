package org.corridor.lastmile;

import com.google.ortools.Loader;
import com.google.ortools.constraintsolver.AcceptanceStrategy;
import com.google.ortools.constraintsolver.Assignment;
import com.google.ortools.constraintsolver.CoolingScheduleStrategy;
import com.google.ortools.constraintsolver.FirstSolutionStrategy;
import com.google.ortools.constraintsolver.IntVar;
import com.google.ortools.constraintsolver.IteratedLocalSearchParameters;
import com.google.ortools.constraintsolver.LocalSearchMetaheuristic;
import com.google.ortools.constraintsolver.PerturbationStrategy;
import com.google.ortools.constraintsolver.RoutingDimension;
import com.google.ortools.constraintsolver.RoutingIndexManager;
import com.google.ortools.constraintsolver.RoutingModel;
import com.google.ortools.constraintsolver.RoutingSearchParameters;
import com.google.ortools.constraintsolver.RuinCompositionStrategy;
import com.google.ortools.constraintsolver.RuinStrategy;
import com.google.ortools.constraintsolver.SISRRuinStrategy;
import com.google.ortools.constraintsolver.SimulatedAnnealingAcceptanceStrategy;
import com.google.ortools.constraintsolver.main;
import com.google.ortools.util.OptionalBoolean;
import com.google.protobuf.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Solves {@link RoutingProblem}s with the OR-Tools routing library, either with one search
 * configuration or with a parallel portfolio of them.
 *
 * <p>The portfolio runs different first-solution strategies, metaheuristics (guided local search,
 * iterated local search with ruin-and-recreate), operator sets and seeds,
 * each on its own model on the caller's worker pool, and keeps the best solution by the fixed
 * ordering (objective, then portfolio index). With a work limit instead of a binding time limit,
 * only guided-local-search members run; each is then deterministic and so is the portfolio,
 * whatever the thread scheduling.
 * Thread-safe: every call builds its own models.
 *
 * <p>Cancellation: a guided-local-search member stops at once. OR-Tools 9.15's iterated local search
 * loop only watches its own time and solution limits, so a cancelled ruin-and-recreate member idles
 * through the rest of its time limit (its searches fail at once) before returning.
 */
public final class Router {

    static {
        Loader.loadNativeLibraries();
    }

    private Router() {}

    /**
     * How long each portfolio member may search.
     *
     * @param seconds   wall-time limit per member
     * @param work      stop after this many limit checks of the search (a count of search steps,
     *                  so a work limit: the search then ends at the same point on every run and
     *                  machine, which makes it deterministic when it binds before the time limit);
     *                  0 = no limit
     */
    public record Limit(double seconds, long work) {
        public Limit {
            if (!(seconds > 0) || Double.isInfinite(seconds)) throw new IllegalArgumentException("routing time limit must be a finite number of seconds > 0");
            if (work < 0) throw new IllegalArgumentException("routing work limit must be >= 0 (0 = none)");
        }

        public static Limit seconds(double s) { return new Limit(s, 0); }
    }

    /**
     * One search configuration of the portfolio.
     *
     * @param first         first-solution strategy
     * @param meta          local-search metaheuristic (for a ruin-and-recreate member: the descent that
     *                      polishes each perturbed solution, so GREEDY_DESCENT)
     * @param lambda        guided local search penalty coefficient (the library's default is 0.1)
     * @param lean          drop the library's large-neighbourhood operators (cheapest-insertion path LNS,
     *                      shortest-path and chain moves): many more, cheaper iterations in the same time
     * @param ruinRecreate  iterated local search: ruin part of the solution (SISR), reinsert the removed
     *                      stops by local cheapest insertion, descend, accept by simulated annealing
     * @param seed          seed of the solver's random generator
     */
    record Member(FirstSolutionStrategy.Value first, LocalSearchMetaheuristic.Value meta, double lambda, boolean lean,
                  boolean ruinRecreate, int seed) {
        Member {
            if (ruinRecreate && meta != LocalSearchMetaheuristic.Value.GREEDY_DESCENT)
                throw new IllegalArgumentException("a ruin-and-recreate member descends with GREEDY_DESCENT between perturbations, not " + meta);
        }

        String label() {
            return first + "+" + (ruinRecreate ? "ILS(SISR)" : meta.toString()) + (lambda != 0.1 ? " lambda=" + lambda : "") + (lean ? " lean" : "") + "#" + seed;
        }

        Member withSeed(int s) { return new Member(first, meta, lambda, lean, ruinRecreate, s); }
    }

    /**
     * The fixed portfolio order. Member 0 is the plain configuration (path-cheapest-arc then guided
     * local search with the library's defaults), so under the same work limit the portfolio never does
     * worse than that configuration. Member 1 is iterated local search with SISR ruin-and-recreate
     * (slack induction by string removals), lean operators and simulated-annealing acceptance: in single
     * 10 s runs it beat the plain configuration on R101, R201, RC101 and RC201 by 1.3-3.6 points of gap
     * (see the README). The others add diversity for wider pools: savings then guided local search (the
     * former member 1), and ruin-and-recreate from a savings start. Beyond the list, members repeat with
     * new seeds.
     */
    static final List<Member> PORTFOLIO = List.of(
            new Member(FirstSolutionStrategy.Value.PATH_CHEAPEST_ARC, LocalSearchMetaheuristic.Value.GUIDED_LOCAL_SEARCH, 0.1, false, false, 0),
            new Member(FirstSolutionStrategy.Value.PATH_CHEAPEST_ARC, LocalSearchMetaheuristic.Value.GREEDY_DESCENT, 0.1, true, true, 1),
            new Member(FirstSolutionStrategy.Value.SAVINGS, LocalSearchMetaheuristic.Value.GUIDED_LOCAL_SEARCH, 0.1, false, false, 2),
            new Member(FirstSolutionStrategy.Value.SAVINGS, LocalSearchMetaheuristic.Value.GREEDY_DESCENT, 0.1, true, true, 3));

    /**
     * The first {@code width} members that end on a work limit (the guided-local-search members of
     * {@link #PORTFOLIO}, in its order: plain, then savings), repeating them with fresh seeds beyond the
     * list. These are the members of deterministic runs, such as the last mile inside plans.
     */
    static List<Member> portfolio(int width) {
        return cycle(PORTFOLIO.stream().filter(m -> !m.ruinRecreate()).toList(), width);
    }

    /**
     * The members {@link #solve} runs under {@code limit}: with a work limit, {@link #portfolio(int)};
     * with a time limit only, the first {@code width} of {@link #PORTFOLIO}.
     */
    static List<Member> portfolio(int width, Limit limit) {
        return limit.work() > 0 ? portfolio(width) : cycle(PORTFOLIO, width);
    }

    private static List<Member> cycle(List<Member> members, int width) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < width; i++) out.add(members.get(i % members.size()).withSeed(i));
        return out;
    }

    /**
     * Solves {@code problem} with {@code width} portfolio members run concurrently on {@code pool},
     * each under {@code limit}, and returns the best by (objective, member index). Under a work limit
     * only the members that end on it run ({@link #portfolio(int)}), so the result is deterministic.
     *
     * @param pool      the solve's worker pool; members are submitted to it and awaited
     * @param width     how many members to run (usually the pool's thread count)
     * @param cancelled polled by every search; when it turns true the searches stop at once (a
     *                  ruin-and-recreate member then idles until its time limit, see the class comment)
     * @return the best solution; never null (a stop that cannot be served is dropped with a reason,
     *         and an instance with mandatory stops that cannot all be served throws)
     * @throws IllegalStateException when no member finds any feasible solution
     */
    public static RoutingSolution solve(RoutingProblem problem, Limit limit, ExecutorService pool, int width,
                                        BooleanSupplier cancelled) {
        if (width < 1) throw new IllegalArgumentException("portfolio width must be >= 1");
        List<Member> members = portfolio(width, limit);
        List<Future<RoutingSolution>> futures = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            int index = i;
            futures.add(pool.submit(() -> solveMember(problem, m, index, limit, cancelled)));
        }
        RoutingSolution best = null;
        for (Future<RoutingSolution> f : futures) {
            RoutingSolution s = await(f);
            if (s != null && (best == null || s.objective() < best.objective())) best = s;
        }
        if (best == null) throw new IllegalStateException("no feasible routes for " + problem.name() + " (mandatory stops that cannot all be served?)");
        return best;
    }

    /** The plain configuration alone: path-cheapest-arc then guided local search, one thread. */
    static RoutingSolution solvePlain(RoutingProblem problem, Limit limit) {
        RoutingSolution s = solveMember(problem, PORTFOLIO.get(0), 0, limit, () -> false);
        if (s == null) throw new IllegalStateException("no feasible routes for " + problem.name());
        return s;
    }

    private static RoutingSolution await(Future<RoutingSolution> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while routing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a routing search failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Builds one model, searches it with {@code member}, and reads the result; null when none was found. */
    static RoutingSolution solveMember(RoutingProblem p, Member member, int index, Limit limit, BooleanSupplier cancelled) {
        if (member.ruinRecreate() && limit.work() > 0)
            throw new IllegalArgumentException("a ruin-and-recreate member ends only on its time limit; run it without a work limit (work = 0)");
        Model m = limitedModel(p, member, limit, cancelled);
        RoutingSearchParameters params = parameters(member, limit);
        Assignment a = member.ruinRecreate() ? m.routing.SolveWithIteratedLocalSearch(params) : m.routing.solveWithParameters(params);
        return a == null ? null : m.read(a, member.label(), index);
    }

    /** A model of {@code p} seeded for {@code member} that stops when cancelled or after {@code limit.work()} search-monitor checks. */
    private static Model limitedModel(RoutingProblem p, Member member, Limit limit, BooleanSupplier cancelled) {
        Model m = new Model(p);
        m.routing.solver().reSeed(member.seed() * 7919 + 17);
        long[] checks = {0};
        m.routing.addSearchMonitor(m.routing.solver().makeCustomLimit(
                () -> cancelled.getAsBoolean() || (limit.work() > 0 && ++checks[0] > limit.work())));
        return m;
    }

    /**
     * Searches {@code p} with {@code member} from a given solution rather than from a first-solution
     * heuristic (a re-solve's previous tours): the local search starts at {@code routes} and only ever
     * improves on them, so within the same work limit it keeps what is still good of them.
     *
     * @param routes per vehicle (in {@code p}'s vehicle order), the stops (node numbers 1..n) it serves in
     *               order; stops on no route start unserved
     * @return the best solution found, or null when {@code routes} is not a feasible solution of {@code p}
     *         (capacity, windows, risk cap, women staff): then nothing was searched
     */
    static RoutingSolution solveFrom(RoutingProblem p, long[][] routes, Member member, int index, Limit limit, BooleanSupplier cancelled) {
        if (member.ruinRecreate()) throw new IllegalArgumentException("a warm start runs a guided-local-search member, not " + member.label());
        if (routes.length != p.vehicles().size())
            throw new IllegalArgumentException("a warm start needs one route per vehicle (" + p.vehicles().size() + "), got " + routes.length);
        Model m = limitedModel(p, member, limit, cancelled);
        RoutingSearchParameters params = parameters(member, limit);
        m.routing.closeModelWithParameters(params);
        long[][] indices = new long[routes.length][];
        for (int v = 0; v < routes.length; v++) indices[v] = java.util.Arrays.stream(routes[v]).map(n -> m.manager.nodeToIndex((int) n)).toArray();
        Assignment start = m.routing.readAssignmentFromRoutes(indices, true);
        if (start == null) return null;
        Assignment a = m.routing.solveFromAssignmentWithParameters(start, params);
        return a == null ? null : m.read(a, member.label() + " warm", index);
    }

    /** Average stops one SISR ruin removes, and the longest string it cuts out of one route (the paper's c-bar and L-max). */
    static final int SISR_REMOVED = 10, SISR_MAX_STRING = 10;
    /** SISR's chance of keeping a stop inside a split string (the paper's blink rate). */
    static final double SISR_BYPASS = 0.01;
    /**
     * Initial simulated-annealing temperature of the ruin-and-recreate acceptance, in objective units,
     * cooled exponentially to 1/10000 of it over the time limit. In single 10 s runs (distance x 10)
     * 100 beat 30 and 300 on R201 and RC201, tied 300 on R101 and was 0.02 points behind 30 on RC101.
     */
    static final double ILS_TEMPERATURE = 100;

    static RoutingSearchParameters parameters(Member member, Limit limit) {
        long nanos = Math.round(limit.seconds() * 1e9);
        RoutingSearchParameters.Builder b = main.defaultRoutingSearchParameters().toBuilder()
                .setFirstSolutionStrategy(member.first())
                .setLocalSearchMetaheuristic(member.meta())
                .setTimeLimit(Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)));
        b.setGuidedLocalSearchLambdaCoefficient(member.lambda());
        // Under a work limit only that limit and the member's wall cap may stop the search: the library's
        // 0.1 s wall-clock cap on each large-neighbourhood completion would otherwise cut moves short
        // depending on machine load.
        if (limit.work() > 0) b.setLnsTimeLimit(b.getTimeLimit());
        if (member.lean()) {
            OptionalBoolean off = OptionalBoolean.BOOL_FALSE;
            b.getLocalSearchOperatorsBuilder().setUseGlobalCheapestInsertionPathLns(off).setUseLocalCheapestInsertionPathLns(off)
                    .setUseRelocatePathGlobalCheapestInsertionInsertUnperformed(off).setUseGlobalCheapestInsertionVisitTypesLns(off)
                    .setUseLocalCheapestInsertionVisitTypesLns(off).setUseShortestPathSwapActive(off).setUseShortestPathTwoOpt(off)
                    .setUseSwapActiveChain(off).setUseMakeChainInactive(off).setUseRelocateSubtrip(off).setUseExchangeSubtrip(off);
        }
        if (member.ruinRecreate()) ruinAndRecreate(b, limit);
        return b.build();
    }

    /**
     * Iterated local search: ruin by SISR, recreate by local cheapest insertion, descend, and accept the
     * result as the next reference by simulated annealing cooled over the time limit.
     */
    private static void ruinAndRecreate(RoutingSearchParameters.Builder b, Limit limit) {
        b.setUseIteratedLocalSearch(true);
        IteratedLocalSearchParameters.Builder ils = b.getIteratedLocalSearchParametersBuilder()
                .setPerturbationStrategy(PerturbationStrategy.Value.RUIN_AND_RECREATE).setImprovePerturbedSolution(true);
        ils.getRuinRecreateParametersBuilder().clearRuinStrategies()
                .addRuinStrategies(RuinStrategy.newBuilder().setSisr(SISRRuinStrategy.newBuilder()
                        .setAvgNumRemovedVisits(SISR_REMOVED).setMaxRemovedSequenceSize(SISR_MAX_STRING).setBypassFactor(SISR_BYPASS)))
                .setRuinCompositionStrategy(RuinCompositionStrategy.Value.RUN_ONE_RANDOMLY);
        ils.setReferenceSolutionAcceptanceStrategy(AcceptanceStrategy.newBuilder().setSimulatedAnnealing(
                SimulatedAnnealingAcceptanceStrategy.newBuilder().setCoolingScheduleStrategy(CoolingScheduleStrategy.Value.EXPONENTIAL)
                        .setInitialTemperature(ILS_TEMPERATURE).setFinalTemperature(ILS_TEMPERATURE / 1e4).setAutomaticTemperatures(false)));
    }

    /** The OR-Tools model of one problem; each constraint family is one method. */
    static final class Model {
        static final String LOAD = "load", TIME = "time", RISK = "risk";
        final RoutingProblem p;
        final RoutingIndexManager manager;
        final RoutingModel routing;
        final RoutingDimension time;

        Model(RoutingProblem p) {
            this.p = p;
            this.manager = new RoutingIndexManager(p.nodeCount(), p.vehicles().size(), 0);
            this.routing = new RoutingModel(manager);
            arcCost();
            fixedCost();
            capacity();
            this.time = timeWindows();
            riskCap();
            womenStaff();
            dropPenalties();
        }

        /** min sum_v sum_(i,j) d_ij x_ijv : the distance term of the objective. */
        private void arcCost() {
            routing.setArcCostEvaluatorOfAllVehicles(routing.registerTransitMatrix(p.distanceMatrix()));
        }

        /** + sum_v f_v * used_v : a fixed cost per vehicle that leaves the depot. */
        private void fixedCost() {
            for (int v = 0; v < p.vehicles().size(); v++) {
                long f = p.vehicles().get(v).fixedCost();
                if (f > 0) routing.setFixedCostOfVehicle(f, v);
            }
        }

        /** sum_{i on route v} q_i <= Q_v : no vehicle carries more than its capacity. */
        private void capacity() {
            long[] demand = new long[p.nodeCount()];
            for (int i = 1; i < p.nodeCount(); i++) demand[i] = p.stopAt(i).demand();
            long[] caps = p.vehicles().stream().mapToLong(RoutingProblem.Vehicle::capacity).toArray();
            routing.addDimensionWithVehicleCapacity(routing.registerUnaryTransitVector(demand), 0, caps, true, LOAD);
        }

        /**
         * t_j >= t_i + s_i + tt_ij on every arc used, e_i <= t_i <= l_i at every stop, and
         * shiftStart_v <= t_start(v) <= t_end(v) <= shiftEnd_v (daylight).
         */
        private RoutingDimension timeWindows() {
            int n = p.nodeCount();
            long[][] transit = new long[n][n];
            for (int i = 0; i < n; i++) {
                long service = i == 0 ? 0 : p.stopAt(i).serviceTime();
                for (int j = 0; j < n; j++) transit[i][j] = i == j ? 0 : service + p.travelTime(i, j);
            }
            routing.addDimension(routing.registerTransitMatrix(transit), p.horizon(), p.horizon(), false, TIME);
            RoutingDimension dim = routing.getMutableDimension(TIME);
            for (int i = 1; i < n; i++) {
                RoutingProblem.Stop s = p.stopAt(i);
                dim.cumulVar(manager.nodeToIndex(i)).setRange(s.earliest(), Math.min(s.latest(), p.horizon()));
            }
            for (int v = 0; v < p.vehicles().size(); v++) {
                RoutingProblem.Vehicle veh = p.vehicles().get(v);
                long end = Math.min(veh.shiftEnd(), p.horizon());
                dim.cumulVar(routing.start(v)).setRange(Math.min(veh.shiftStart(), end), end);
                dim.cumulVar(routing.end(v)).setRange(Math.min(veh.shiftStart(), end), end);
                // Leave as late and return as early as the tour allows, so reported times are tight.
                routing.addVariableMaximizedByFinalizer(dim.cumulVar(routing.start(v)));
                routing.addVariableMinimizedByFinalizer(dim.cumulVar(routing.end(v)));
            }
            return dim;
        }

        /** sum_{i on route v} r_i <= R_v : the risk a route accumulates stays under its cap. */
        private void riskCap() {
            boolean anyRisk = p.stops().stream().anyMatch(s -> s.risk() > 0);
            if (!anyRisk) return;
            long[] risk = new long[p.nodeCount()];
            for (int i = 1; i < p.nodeCount(); i++) risk[i] = p.stopAt(i).risk();
            long total = java.util.Arrays.stream(risk).sum();
            long[] caps = p.vehicles().stream().mapToLong(v -> Math.min(v.riskCap(), total)).toArray();
            routing.addDimensionWithVehicleCapacity(routing.registerUnaryTransitVector(risk), 0, caps, true, RISK);
        }

        /** vehicle(i) in {unserved} + {v : team of v has women staff} for every stop i needing women staff. */
        private void womenStaff() {
            for (int i = 1; i < p.nodeCount(); i++) {
                RoutingProblem.Stop s = p.stopAt(i);
                if (!s.needsWomenStaff()) continue;
                List<Long> barred = new ArrayList<>();
                for (int v = 0; v < p.vehicles().size(); v++) if (!p.vehicles().get(v).mayServe(s)) barred.add((long) v);
                if (!barred.isEmpty()) {
                    IntVar vehicle = routing.vehicleVar(manager.nodeToIndex(i));
                    vehicle.removeValues(barred.stream().mapToLong(Long::longValue).toArray());
                }
            }
        }

        /** + sum_i penalty_i * (1 - served_i) : a stop may be left out at its penalty, unless mandatory. */
        private void dropPenalties() {
            for (int i = 1; i < p.nodeCount(); i++) {
                RoutingProblem.Stop s = p.stopAt(i);
                if (!s.mandatory()) routing.addDisjunction(new long[] {manager.nodeToIndex(i)}, s.dropPenalty());
            }
        }

        RoutingSolution read(Assignment a, String label, int memberIndex) {
            List<RoutingSolution.Tour> tours = new ArrayList<>();
            long distance = 0;
            for (int v = 0; v < p.vehicles().size(); v++) {
                if (!routing.isVehicleUsed(a, v)) continue;
                List<RoutingSolution.Visit> visits = new ArrayList<>();
                List<Long> route = new ArrayList<>();
                for (long i = a.value(routing.nextVar(routing.start(v))); !routing.isEnd(i); i = a.value(routing.nextVar(i))) route.add(i);
                long load = 0;
                for (long i : route) load += p.stopAt(manager.indexToNode(i)).demand();
                long tourDistance = 0, remaining = load, riskSum = 0;
                int prevNode = 0;
                for (long i : route) {
                    int node = manager.indexToNode(i);
                    tourDistance += p.distance(prevNode, node);
                    remaining -= p.stopAt(node).demand();
                    riskSum += p.stopAt(node).risk();
                    visits.add(new RoutingSolution.Visit(node, a.value(time.cumulVar(i)), remaining, riskSum));
                    prevNode = node;
                }
                tourDistance += p.distance(prevNode, 0);
                distance += tourDistance;
                tours.add(new RoutingSolution.Tour(v, visits, tourDistance, load, riskSum,
                        a.value(time.cumulVar(routing.start(v))), a.value(time.cumulVar(routing.end(v)))));
            }
            List<RoutingSolution.Dropped> dropped = new ArrayList<>();
            for (int i = 1; i < p.nodeCount(); i++) {
                long index = manager.nodeToIndex(i);
                if (a.value(routing.nextVar(index)) == index) dropped.add(new RoutingSolution.Dropped(i, RoutingSolution.DropReason.diagnose(p, i)));
            }
            return new RoutingSolution(a.objectiveValue(), distance, tours, dropped, label, memberIndex);
        }
    }
}
