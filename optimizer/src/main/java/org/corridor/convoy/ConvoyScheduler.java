package org.corridor.convoy;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpSolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.WorkerPool;

/**
 * The convoy stage: turns the allocation's tonnes per route into whole trucks per route, base and
 * departure day (CP-SAT), and says per route what could not be scheduled and why.
 *
 * <p>Agencies share no vehicles and each convoy cap counts one agency's trucks, so each agency is its
 * own CP-SAT model; the models run concurrently on the solve's worker pool and are merged in the
 * scenario's agency order. In parallel mode each model's three lexicographic stages use {@code threads /
 * concurrent models} CP-SAT workers; in deterministic mode one. Thread-safe: no state is kept between calls.
 */
public final class ConvoyScheduler {
    /** Name of this stage in progress reports and stage timings. */
    public static final String STAGE = "convoys";
    /** Least share of its budget an agency model gets in a re-solve, however little is left to schedule. */
    static final double WORK_SHARE_FLOOR = 0.1;
    /**
     * Part of its work share that a re-solve remainder's tie-break stages get, above the floor ({@link #tieBreakShare}).
     * They start from the first stage's schedule, itself hinted by the previous convoys, and had little left to win
     * (2026-11-29): with half, the convoys carried the same weighted tonnes (the first stage fixes them) on Afghanistan
     * and on the 10x instance; the re-scheduled models' truck-days were 1.0 % more after closing Salang on Afghanistan
     * and the same after the denial, 1.9 %, 1.0 % and 0.1 % more after closing Salang, the denial and closing Torkham
     * on 10x, their expected diversion the same or less; a model at share 0.2 or more spends a fifth less work. With a
     * quarter, 10x's Salang models took 13 % more truck-days and 18 % more expected diversion; at the floor, closing
     * Torkham on Afghanistan took 6 % more truck-days (hence the floor).
     */
    static final double REMAINDER_TIE_BREAK_SHARE = 0.5;

    private ConvoyScheduler() {}

    /**
     * How a re-solve schedules what its kept convoys do not carry.
     * <ul>
     *   <li>REPAIR: without CP-SAT, by {@link Greedy}: the previous convoys that were not kept are placed again where
     *       they still fit (same route, day, base and trucks), then the rest of each route, most valuable first. On
     *       the Afghanistan scenario the convoy stage of a re-solve took 21-53 ms instead of 540-990 ms (one warm JVM)
     *       and the re-scheduled part carried 6-8 % fewer severity-weighted tonnes than CP-SAT's remainder models (the
     *       whole plan's convoys 0.4-1.3 % fewer tonnes); on the 10x instance several
     *       remainder models did worse under CP-SAT's small budget than the greedy schedule (README, re-solve).</li>
     *   <li>OPTIMISE: each agency's remainder is a CP-SAT model with the share of the cold work limit that
     *       {@link #workShares} gives it, hinted by the previous convoys, and never ending below the greedy schedule.</li>
     * </ul>
     */
    public enum Remainder { REPAIR, OPTIMISE }

    /**
     * Schedules convoys for every route of {@code plan}.
     *
     * @param scenario the scenario the plan was made for
     * @param plan     a plan with routes (its options give horizon, threads, seed and the time limit)
     * @param options  convoy settings (driving day, loading, deterministic mode)
     * @param pool     the solve's worker pool; one task per agency, results merged in agency order
     * @param control  polled for cancellation while CP-SAT runs
     * @param previous a previous plan whose convoys seed the search as hints, or {@code null}
     * @return {@code plan} with convoys, per-route schedules and the stage's solver record
     * @throws SolveControl.SolveCancelledException when {@code control} asks to stop
     */
    public static Plan schedule(Scenario scenario, Plan plan, ConvoyOptions options, WorkerPool pool,
                                SolveControl control, Plan previous) {
        return schedule(scenario, plan, options, pool, control, previous, Committed.NOTHING);
    }

    /**
     * What a re-solve brings from the previous plan when it schedules again.
     *
     * @param fromDay the day "now": no new convoy leaves before it
     * @param kept    convoys kept as they are (departed ones, and ones no event touches); they are not part
     *                of the result, but their trucks stay reserved from busyFromDay to busyToDay per agency,
     *                vehicle type and base, and their trucks count against the convoy caps of the roads and
     *                days they enter, so that together with them fleets and caps are never exceeded
     * @param routes  the routes the kept convoys name (by id), for their roads and day offsets
     * @param retried route id -> tonnes of it that the previous plan asked of the same route and could not
     *                schedule: searched for once already, so a model with little else to schedule gets the least
     *                budget ({@link #workShares})
     * @param remainder how the models are scheduled: by CP-SAT (OPTIMISE, as in a cold solve) or by repair
     */
    public record Committed(int fromDay, List<Plan.Convoy> kept, List<Plan.Route> routes, Map<String, Double> retried,
                            Remainder remainder) {
        /** A cold solve: every day is open and no truck is committed. */
        public static final Committed NOTHING = new Committed(0, List.of(), List.of());

        public Committed {
            if (fromDay < 0) throw new IllegalArgumentException("fromDay must be >= 0 (got " + fromDay + ")");
            java.util.Objects.requireNonNull(remainder, "remainder");
            kept = List.copyOf(kept);
            routes = List.copyOf(routes);
            retried = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(retried));
            for (double t : retried.values()) if (!(t >= 0)) throw new IllegalArgumentException("retried tonnes must be >= 0");
        }

        /** Nothing retried; CP-SAT schedules. */
        public Committed(int fromDay, List<Plan.Convoy> kept, List<Plan.Route> routes) {
            this(fromDay, kept, routes, Map.of(), Remainder.OPTIMISE);
        }

        /** CP-SAT schedules. */
        public Committed(int fromDay, List<Plan.Convoy> kept, List<Plan.Route> routes, Map<String, Double> retried) {
            this(fromDay, kept, routes, retried, Remainder.OPTIMISE);
        }
    }

    /**
     * Schedules convoys for every route of {@code plan} around what is already {@code committed}.
     *
     * @see #schedule(Scenario, Plan, ConvoyOptions, WorkerPool, SolveControl, Plan)
     */
    public static Plan schedule(Scenario scenario, Plan plan, ConvoyOptions options, WorkerPool pool,
                                SolveControl control, Plan previous, Committed committed) {
        Loader.loadNativeLibraries();
        checkCancelled(control);
        List<Trips.AgencyTrips> agencies = Trips.compile(scenario, plan, options, committed);
        List<Plan.Convoy> hints = previous == null ? List.of() : previous.convoys();
        if (committed.remainder() == Remainder.REPAIR) { // no CP-SAT model: the greedy schedule from the previous convoys
            List<ConvoyModel.Outcome> repaired = pool.map(STAGE, agencies, a -> ConvoyModel.repair(a, hints), control);
            checkCancelled(control);
            return assemble(plan, options, agencies, repaired, Map.of());
        }
        int threads = plan.options().effectiveThreads();
        int concurrent = Math.max(1, Math.min(threads, agencies.size()));
        // interleaved search with 2 workers returned other optima than with 1 on our tests, so the
        // deterministic mode gives each model one (interleaved) worker and takes its parallelism from
        // solving the agencies' models side by side
        int workers = options.deterministic() ? 1 : Math.max(1, threads / concurrent);
        // deterministic: a fixed amount of work per model, whatever the threads; parallel: models run in
        // waves of `concurrent`, each with its wave's share of the stage's time limit
        double budgetPerModel = options.deterministic() ? options.workLimit()
                : plan.options().timeLimitSeconds() * concurrent / Math.max(1, agencies.size());
        // deterministic mode ends on work, so that a loaded machine cannot change the convoys; the clock
        // only stops a runaway there
        double wallSeconds = plan.options().timeLimitSeconds() * (options.deterministic() ? ConvoyModel.RUNAWAY_FACTOR : 1);
        long deadline = System.nanoTime() + (long) (wallSeconds * 1e9);
        ConvoyModel.Search search = new ConvoyModel.Search(workers, plan.options().seed(), budgetPerModel, deadline, options.deterministic());
        Map<String, Double> shares = workShares(plan, committed), budgets = new LinkedHashMap<>(); // agency -> its model's budget in all
        Map<String, ConvoyModel.Search> searches = new LinkedHashMap<>();
        for (Trips.AgencyTrips a : agencies) {
            double share = shares.getOrDefault(a.agency(), 1.0);
            ConvoyModel.Search own = search.withBudget(budgetPerModel * share).withTieBreakBudget(budgetPerModel * tieBreakShare(share));
            if (searchedSequentially(share)) own = own.sequentially();
            searches.put(a.agency(), own);
            budgets.put(a.agency(), own.totalBudget());
        }

        ConcurrentLinkedQueue<CpSolver> running = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "convoy-cancel-watch");
            th.setDaemon(true);
            return th;
        });
        watcher.scheduleWithFixedDelay(() -> { if (control.cancelled()) running.forEach(CpSolver::stopSearch); }, 50, 50, TimeUnit.MILLISECONDS);
        List<ConvoyModel.Outcome> outcomes;
        try {
            outcomes = pool.map(STAGE, agencies, a -> new ConvoyModel(a).solve(searches.get(a.agency()), hints, running::add),
                    control, a -> budgets.get(a.agency())); // CP-SAT runs to its work budget unless it proves optimality early
        } finally {
            watcher.shutdownNow();
        }
        checkCancelled(control);
        return assemble(plan, options, agencies, outcomes, budgets);
    }

    /**
     * Share of the full per-model budget each agency's model gets: share_a = T_a / (T_a + K_a), with T_a the tonnes
     * {@code plan} asks agency a to truck (routes with legs) and K_a the tonnes its convoys kept by {@code committed}
     * carry; but only the floor ({@link #WORK_SHARE_FLOOR}) when the new part of T_a is below the floor, new
     * meaning not among R_a, the tonnes the previous plan asked of the same routes and could not schedule
     * ({@link Committed#retried}): (T_a - R_a) / (T_a + K_a) < floor. A cold solve keeps and retries nothing, so every
     * share is 1; a re-solve that keeps most of an agency's convoys and schedules only the rest gives that rest's
     * model the fraction of the work its whole cold model had, rather than the whole cold budget (in deterministic
     * mode CP-SAT stops on work unless it proves optimality, so the budget, not the model's size, sets the stage's
     * time). Left-overs the previous search already failed to place are tried again on the floor's budget when they
     * are all there is; with new tonnes they keep their share, as both compete for the same trucks (counting them
     * out there cut the convoys of the agency denied a province by 15 %). A pure function of the inputs, so a
     * re-solve stays deterministic. The floor leaves room to presolve and search a small remainder, which is searched
     * as {@link #searchedSequentially} says.
     *
     * @return agency -> share in [floor, 1], for every agency with a route to drive in {@code plan}
     */
    static Map<String, Double> workShares(Plan plan, Committed committed) {
        Map<String, Double> asked = new LinkedHashMap<>(), retried = new LinkedHashMap<>(), kept = new LinkedHashMap<>();
        for (Plan.Route r : plan.routes()) {
            if (r.legs().isEmpty()) continue;
            asked.merge(r.agency(), r.tonnesDispatched(), Double::sum);
            retried.merge(r.agency(), Math.min(r.tonnesDispatched(), committed.retried().getOrDefault(r.id(), 0.0)), Double::sum);
        }
        for (Plan.Convoy c : committed.kept())
            kept.merge(c.agency(), c.manifest().values().stream().mapToDouble(Double::doubleValue).sum(), Double::sum);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : asked.entrySet()) {
            double k = kept.getOrDefault(e.getKey(), 0.0), r = retried.get(e.getKey()), t = e.getValue();
            out.put(e.getKey(), (t - r) / (t + k) < WORK_SHARE_FLOOR ? WORK_SHARE_FLOOR : t / (t + k));
        }
        return out;
    }

    /**
     * Share of the full per-model budget that the tie-break stages (truck-days, then diversion) of a model with work
     * share {@code share} ({@link #workShares}) get: the same share for a cold model (1), and for a re-solve's remainder
     * half of it ({@link #REMAINDER_TIE_BREAK_SHARE}) but never less than the floor, so a model at the floor keeps
     * its whole budget: max(floor, share / 2). Its first stage, which decides the tonnes, keeps the whole share.
     */
    static double tieBreakShare(double share) {
        return share < 1 ? Math.max(WORK_SHARE_FLOOR, share * REMAINDER_TIE_BREAK_SHARE) : share;
    }

    /**
     * Whether a model with this work share is searched by CP-SAT's sequential search rather than its interleaved
     * portfolio: every re-solve remainder (share below 1), and never a cold solve's model (share 1). A remainder's
     * budget is a fraction of a cold model's, and the portfolio splits it over some fifteen subsolvers, most of them
     * neighbourhood searches that set themselves up at each of the three stages; one search line with the previous
     * convoys as hints spends it better. Afghanistan re-solves, the same budgets both ways (2026-11-29): after closing
     * Torkham five models at the floor proved the same optimum either way (sequentially in the previous version
     * already); after closing Salang the nine models scheduled 59,522 t instead of 59,200 t (weighted delivered
     * 99.1 % of CP-SAT's bound instead of 92.7 %); after denying UN_FOOD AF09, 58,038 t instead of 56,391 t (98.6 %
     * instead of 86.1 %); in about the same time. Deterministic either way (one worker).
     */
    static boolean searchedSequentially(double share) {
        return share < 1;
    }

    /**
     * The agencies whose convoy stage input is the same for {@code allocated} in {@code scenario} as it was for
     * {@code previous} in {@code previousScenario}, under {@code options} and with nothing committed: the same
     * model (see {@code Trips.sameModel}: per route its roads and days, cargo units and objective coefficients
     * (severity and loss share, scaled to integers), fleet, open days after every rule and road closure,
     * deadlines, convoy caps, horizon). For such an agency the previous convoys
     * are a schedule of the new model too, and one that the stage would find again, so a re-solve keeps them and
     * builds no model. A departure freeze ("as of") needs no comparison: it only fixes days on which the previous
     * schedule is kept anyway. Agencies with no route to drive in either plan are left out.
     *
     * The two plans' trips are compiled side by side on {@code pool} (each is a pass over every route, departure day and
     * leg; results in a fixed order, so the answer does not depend on the threads).
     *
     * @return per unchanged agency (in the scenario's agency order) its routes, previous route id -> new route id
     */
    public static Map<String, Map<String, String>> unchangedAgencies(Scenario previousScenario, Plan previous, Scenario scenario,
                                                                    Plan allocated, ConvoyOptions options, WorkerPool pool,
                                                                    SolveControl control) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (previous.options().horizonDays() != allocated.options().horizonDays()) return out;
        record Side(Scenario scenario, Plan plan) {}
        List<List<Trips.AgencyTrips>> compiled = pool.map(STAGE, List.of(new Side(previousScenario, previous), new Side(scenario, allocated)),
                side -> Trips.compile(side.scenario(), side.plan(), options), control);
        Map<String, Trips.AgencyTrips> before = new LinkedHashMap<>();
        for (Trips.AgencyTrips a : compiled.get(0)) before.put(a.agency(), a);
        for (Trips.AgencyTrips now : compiled.get(1)) {
            Trips.AgencyTrips then = before.get(now.agency());
            if (then == null || !Trips.sameModel(then, now)) continue;
            Map<String, String> ids = new LinkedHashMap<>();
            for (int i = 0; i < now.trips().size(); i++) ids.put(then.trips().get(i).route().id(), now.trips().get(i).route().id());
            out.put(now.agency(), ids);
        }
        return out;
    }

    private static void checkCancelled(SolveControl control) {
        if (control.cancelled()) throw new SolveControl.SolveCancelledException(STAGE);
    }

    private static Plan assemble(Plan plan, ConvoyOptions options, List<Trips.AgencyTrips> agencies,
                                 List<ConvoyModel.Outcome> outcomes, Map<String, Double> budgets) {
        Map<String, Plan.RouteSchedule> schedules = new LinkedHashMap<>();
        List<Plan.Convoy> convoys = new ArrayList<>();
        long delivered = 0, truckDays = 0;
        double bound = 0;
        String worst = "OPTIMAL";
        boolean deterministic = options.deterministic();
        int limitedByClock = 0;
        for (int a = 0; a < agencies.size(); a++) {
            Trips.AgencyTrips in = agencies.get(a);
            ConvoyModel.Outcome out = outcomes.get(a);
            delivered += out.weightedDelivered();
            bound += Double.isNaN(out.deliveredBound()) ? out.weightedDelivered() : out.deliveredBound();
            truckDays += out.truckDays();
            if (rank(out.status()) > rank(worst)) worst = out.status();
            if (options.deterministic() && !out.deterministic()) { deterministic = false; limitedByClock++; }
            for (Trips.Trip r : in.trips()) {
                long scheduledUnits = 0;
                for (int b = 0; b < in.bases().size(); b++)
                    for (int di = 0; di < r.days().length; di++) {
                        long units = out.loads()[r.index()][b][di];
                        if (units <= 0) continue;
                        scheduledUnits += units;
                        convoys.add(convoy(in, r, b, di, units, out.trucks()));
                    }
                schedules.put(r.route().id(), Shortfalls.explain(in, r, scheduledUnits, out));
            }
        }
        List<Plan.RouteSchedule> ordered = new ArrayList<>();
        for (Plan.Route r : plan.routes()) {
            Plan.RouteSchedule s = schedules.get(r.id());
            if (s == null)
                s = r.legs().isEmpty()
                        ? new Plan.RouteSchedule(r.id(), r.agency(), r.tonnesDispatched(), r.tonnesDispatched(), Plan.Shortfall.NONE, "stock is at the destination: no convoy needed")
                        : new Plan.RouteSchedule(r.id(), r.agency(), r.tonnesDispatched(), 0, Plan.Shortfall.NONE, "less than one model unit (100 kg) to carry");
            ordered.add(s);
        }
        convoys.sort(Comparator.comparing(Plan.Convoy::id));
        double diversion = convoys.stream().mapToDouble(Plan.Convoy::expectedDiversionTonnes).sum();
        String note = !options.deterministic() ? "PARALLEL mode: CP-SAT's parallel portfolio may return a different optimum on each run"
                : deterministic ? "" : "the wall-clock runaway guard stopped " + limitedByClock + " of " + agencies.size()
                        + " models before their work limit: another run may differ";
        double scale = Trips.UNITS_PER_TONNE * Trips.COEFFICIENT_SCALE;

        Plan.ConvoyRecord record = new Plan.ConvoyRecord(options.deterministic() ? "DETERMINISTIC" : "PARALLEL", deterministic, note,
                agencies.size(), worst, options.dailyDrivingHours(),
                options.loadingDays(), delivered / scale, bound / scale, truckDays, round2(diversion), budgets);
        return plan.withConvoys(convoys, ordered, record);
    }

    private static Plan.Convoy convoy(Trips.AgencyTrips in, Trips.Trip r, int b, int di, long units, long[][][] trucks) {
        String hub = in.bases().get(b);
        int day = r.days()[di];
        Map<String, Integer> byType = new LinkedHashMap<>();
        int lead = 0, cycle = 0;
        for (Trips.Group g : in.groups()) {
            long n = trucks[r.index()][g.index()][di];
            if (n <= 0 || !g.base().equals(hub)) continue;
            byType.merge(g.type(), (int) n, Integer::sum);
            lead = Math.max(lead, r.lead()[g.index()]);
            cycle = Math.max(cycle, r.cycle()[g.index()]);
        }
        double tonnes = units / (double) Trips.UNITS_PER_TONNE;
        String id = "C-" + r.route().id() + "-d" + String.format("%03d", day) + "-" + hub;
        return new Plan.Convoy(id, in.agency(), hub, Plan.teamId(in.agency(), hub), r.route().id(), day,
                day + r.travelDays(), day - lead, day - lead + cycle - 1, byType,
                Map.of(r.route().commodity(), tonnes), round2(tonnes * r.lossShare()));
    }

    /** Order of badness of the models' statuses, for the stage's worst status. */
    private static int rank(String status) {
        return List.of("OPTIMAL", ConvoyModel.REPAIRED, "FEASIBLE", "GREEDY").indexOf(status);
    }

    static double round2(double v) { return Math.round(v * 100) / 100.0; }
}
