package org.corridor.convoy;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.SatParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.corridor.plan.Plan;

/**
 * The CP-SAT model of one agency's convoys. Variables, with r a route, g a vehicle group (type at a
 * base), b a base and d one of r's departure days:
 * <ul>
 *   <li>x[r][g][d] in 0..min(count_g, ceil(asked_r / payload_g)): trucks of g leaving on r on day d;</li>
 *   <li>t[r][b][d] in 0..asked_r: units (10 kg) of r's cargo loaded on b's trucks on day d;</li>
 *   <li>c[r] in 0..asked_r: units of r's cargo carried in all, the objective's variable (so the
 *       objective's bound from the domains alone is what was asked, whatever the number of days).</li>
 * </ul>
 * Open days, permits, horizon and deadlines are in the domains (only {@link Trips.Trip#days()} get
 * variables). The objective is lexicographic, solved in three stages, each fixing the previous
 * optimum (or best found) as a constraint and starting from the previous solution as hint.
 *
 * <p>Not thread-safe; one instance per agency, solved on one pool thread.
 */
final class ConvoyModel {
    /**
     * Tasks per synchronisation in interleaved search: fixed (its default depends on the worker count),
     * and 1 so that the work limit is checked after every task (with 8, a 0.3 s limit ran to about 1 s
     * of work on the Afghanistan scenario).
     */
    static final int INTERLEAVE_BATCH = 1;
    /** In deterministic mode the wall clock only guards against runaways: this many times the stage's time limit. */
    static final int RUNAWAY_FACTOR = 10;
    /** Each stage stops once within this share of its bound: 0.01% is below any unit that matters here. */
    static final double RELATIVE_GAP = 1e-4;
    /** Status of a model scheduled by {@link #repair}, without CP-SAT. */
    static final String REPAIRED = "REPAIRED";
    /** Shares of a model's budget given to the three lexicographic stages. */
    private static final double[] STAGE_SHARE = {0.6, 0.25, 0.15};

    private final Trips.AgencyTrips in;
    private final CpModel model = new CpModel();
    private final IntVar[][][] x;
    private final IntVar[][][] t;
    private final IntVar[] c;

    ConvoyModel(Trips.AgencyTrips in) {
        this.in = in;
        int nr = in.trips().size();
        x = new IntVar[nr][in.groups().size()][];
        t = new IntVar[nr][in.bases().size()][];
        for (Trips.Trip r : in.trips()) {
            for (Trips.Group g : in.groups()) {
                x[r.index()][g.index()] = new IntVar[r.days().length];
                long ub = Math.min(g.count(), Trips.ceilDiv(r.askedUnits(), g.payloadUnits()));
                for (int di = 0; di < r.days().length; di++)
                    if (r.servedBy(g, r.days()[di]))
                        x[r.index()][g.index()][di] = model.newIntVar(0, ub, "x_" + r.index() + "_" + g.index() + "_" + di);
            }
            for (int b = 0; b < in.bases().size(); b++) {
                t[r.index()][b] = new IntVar[r.days().length];
                for (int di = 0; di < r.days().length; di++)
                    if (!trucksOf(r, b, di).isEmpty())
                        t[r.index()][b][di] = model.newIntVar(0, r.askedUnits(), "t_" + r.index() + "_" + b + "_" + di);
            }
        }
        loadFitsTrucks();
        c = new IntVar[nr];
        for (Trips.Trip r : in.trips()) c[r.index()] = model.newIntVar(0, r.askedUnits(), "c_" + r.index());
        carriedIsLoadedAndAtMostAsked();
        fleetPerDay();
        reserveKeptTrucks();
        convoyCaps();
    }

    // ---- constraint families -------------------------------------------------------------------

    /** Load fits the trucks: t[r][b][d] <= sum_{g at b} payload_g * x[r][g][d]. */
    private void loadFitsTrucks() {
        for (Trips.Trip r : in.trips())
            for (int b = 0; b < in.bases().size(); b++)
                for (int di = 0; di < r.days().length; di++) {
                    IntVar load = t[r.index()][b][di];
                    if (load == null) continue;
                    LinearExprBuilder capacity = LinearExpr.newBuilder();
                    for (Trips.Group g : trucksOf(r, b, di)) capacity.addTerm(x[r.index()][g.index()][di], g.payloadUnits());
                    model.addLessOrEqual(load, capacity);
                }
    }

    /** Never more than the allocation asked for: c[r] = sum_{b,d} t[r][b][d], 0 <= c[r] <= asked_r. */
    private void carriedIsLoadedAndAtMostAsked() {
        for (Trips.Trip r : in.trips()) model.addEquality(c[r.index()], loaded(r));
    }

    /**
     * Fleet per day, counting round trips: for each group g and day k,
     * busy_gk = sum_{r,d : d - lead_rg <= k < d - lead_rg + cycle_rg} x[r][g][d] <= count_g.
     */
    private void fleetPerDay() {
        int last = lastBusyDay();
        for (Trips.Group g : in.groups())
            for (int k = 0; k <= last; k++) {
                LinearExprBuilder busy = busy(g, k);
                if (busy != null) model.addLessOrEqual(busy, g.count());
            }
    }

    /**
     * Trucks of convoys a re-solve keeps (departed, or untouched by the events) stay theirs for the whole
     * round trip: for each group g and day k with reserved_gk > 0, busy_gk + reserved_gk <= count_g.
     */
    private void reserveKeptTrucks() {
        int last = lastBusyDay();
        for (Trips.Group g : in.groups())
            for (int k = 0; k <= last; k++) {
                if (in.reserved(g, k) == 0) continue;
                LinearExprBuilder busy = busy(g, k);
                if (busy != null) model.addLessOrEqual(busy, in.free(g, k));
            }
    }

    /** Last day any new trip can keep a truck busy. */
    private int lastBusyDay() {
        int lastDay = 0;
        for (Trips.Trip r : in.trips())
            for (Trips.Group g : in.groups())
                if (r.lead()[g.index()] >= 0 && r.days().length > 0)
                    lastDay = Math.max(lastDay, r.days()[r.days().length - 1] + r.cycle()[g.index()]);
        return lastDay;
    }

    /** busy_gk: trucks of g committed on day k by new trips, or null when no trip can commit any. */
    private LinearExprBuilder busy(Trips.Group g, int k) {
        LinearExprBuilder busy = LinearExpr.newBuilder();
        int terms = 0;
        for (Trips.Trip r : in.trips()) {
            for (int di = 0; di < r.days().length; di++) {
                IntVar v = x[r.index()][g.index()][di];
                if (v == null) continue;
                int from = r.days()[di] - r.lead()[g.index()];
                if (k >= from && k < from + r.cycle()[g.index()]) { busy.addTerm(v, 1); terms++; }
            }
        }
        return terms > 0 ? busy : null;
    }

    /** Convoy caps: for each capped (road, day) bucket, sum_{(r,d) in bucket} sum_g x[r][g][d] <= cap. */
    private void convoyCaps() {
        for (Trips.CapBucket bucket : in.caps()) {
            LinearExprBuilder trucks = LinearExpr.newBuilder();
            for (int[] m : bucket.members())
                for (Trips.Group g : in.groups()) {
                    IntVar v = x[m[0]][g.index()][m[1]];
                    if (v != null) trucks.addTerm(v, 1);
                }
            model.addLessOrEqual(trucks, bucket.cap());
        }
    }

    // ---- objective terms -----------------------------------------------------------------------

    /** First (maximised): severity-weighted tonnes delivered by the deadline, sum_r w_r (1 - loss_r) c[r]. */
    private LinearExpr weightedDelivered() {
        LinearExprBuilder e = LinearExpr.newBuilder();
        for (Trips.Trip r : in.trips()) e.addTerm(c[r.index()], r.deliveredCoef());
        return e.build();
    }

    /** Second (minimised): truck-days committed, sum_{r,g,d} cycle_rg x[r][g][d]. */
    private LinearExpr truckDays() {
        LinearExprBuilder e = LinearExpr.newBuilder();
        for (Trips.Trip r : in.trips())
            for (Trips.Group g : in.groups())
                for (IntVar v : x[r.index()][g.index()]) if (v != null) e.addTerm(v, r.cycle()[g.index()]);
        return e.build();
    }

    /** Third (minimised): expected diversion, sum_r loss_r c[r]. */
    private LinearExpr expectedDiversion() {
        LinearExprBuilder e = LinearExpr.newBuilder();
        for (Trips.Trip r : in.trips()) e.addTerm(c[r.index()], r.diversionCoef());
        return e.build();
    }

    // ---- solving -------------------------------------------------------------------------------

    /**
     * Budget and search settings of one model's three stages.
     *
     * @param budgetSeconds   deterministic seconds in deterministic mode; in parallel mode wall seconds,
     *                        the model's share of the stage's time limit; the first stage gets 0.6 of it
     * @param tieBreakSeconds the same for the tie-break stages (truck-days, then diversion), which get 0.25 and 0.15 of it:
     *                        {@code budgetSeconds} but for a re-solve's remainder ({@link ConvoyScheduler#tieBreakShare})
     * @param deadlineNanos   {@link System#nanoTime()} at which the whole stage must end: in parallel mode
     *                        the stage's time limit; in deterministic mode {@link #RUNAWAY_FACTOR} times it
     * @param sequential      deterministic mode only: CP-SAT's single sequential search instead of its interleaved
     *                        portfolio (see {@link ConvoyScheduler#searchedSequentially} for which models get it)
     */
    record Search(int workers, long seed, double budgetSeconds, double tieBreakSeconds, long deadlineNanos, boolean deterministic,
                  boolean sequential) {
        Search(int workers, long seed, double budgetSeconds, long deadlineNanos, boolean deterministic) {
            this(workers, seed, budgetSeconds, budgetSeconds, deadlineNanos, deterministic, false);
        }

        /** These settings with another budget for all three stages. */
        Search withBudget(double seconds) { return new Search(workers, seed, seconds, seconds, deadlineNanos, deterministic, sequential); }

        /** These settings with another budget for the tie-break stages. */
        Search withTieBreakBudget(double seconds) { return new Search(workers, seed, budgetSeconds, seconds, deadlineNanos, deterministic, sequential); }

        /** These settings with CP-SAT's sequential search (no portfolio) in deterministic mode, where models have one worker. */
        Search sequentially() { return new Search(workers, seed, budgetSeconds, tieBreakSeconds, deadlineNanos, deterministic, true); }

        /** Budget of lexicographic stage {@code stage} (0, 1, 2). */
        double stageBudget(int stage) { return (stage == 0 ? budgetSeconds : tieBreakSeconds) * STAGE_SHARE[stage]; }

        /**
         * The three stages' budgets together: what the model may spend in all. With one budget for every stage it is that
         * budget exactly, not 0.6 b + 0.4 b re-added in floating point, so a cold model's recorded work limit stays as it was.
         */
        double totalBudget() {
            return tieBreakSeconds == budgetSeconds ? budgetSeconds : budgetSeconds * STAGE_SHARE[0] + tieBreakSeconds * (1 - STAGE_SHARE[0]);
        }
    }

    /**
     * What the lexicographic solve found, with the trucks and loads of the last stage that found a
     * solution. {@code status} is CP-SAT's status of the first stage, or GREEDY when CP-SAT found no
     * schedule in its budget and {@link Greedy}'s stands, or {@link #REPAIRED} for a {@link #repair}.
     */
    record Outcome(String status, boolean deterministic, long weightedDelivered, double deliveredBound,
                   long truckDays, long diversion, long[][][] trucks, long[][][] loads) {}

    /**
     * A re-solve's repair of {@code in} without CP-SAT ({@link ConvoyScheduler.Remainder#REPAIR}): the {@link Greedy}
     * schedule that first places the {@code previous} convoys again where they still fit. No model is built, so
     * there is no bound (NaN).
     */
    static Outcome repair(Trips.AgencyTrips in, List<Plan.Convoy> previous) {
        Greedy.Schedule s = Greedy.schedule(in, previous);
        long[] v = evaluate(in, s.trucks(), s.loads());
        return new Outcome(REPAIRED, true, v[0], Double.NaN, v[1], v[2], s.trucks(), s.loads());
    }

    /**
     * Solves the three stages. {@code register} receives each solver before it runs so a watcher can
     * stop it on cancellation. Previous convoys, when there are any, are the first stage's hints;
     * otherwise the greedy schedule is. The first stage never ends below the greedy schedule (which places
     * the previous convoys again first): when CP-SAT's best in its budget delivers less, the greedy schedule
     * is taken (with previous convoys as hints and a re-solve's small budget, that happened on the 10x instance:
     * one agency's model stopped at half the greedy schedule's weighted tonnes).
     */
    Outcome solve(Search search, List<Plan.Convoy> previous, Consumer<CpSolver> register) {
        Greedy.Schedule greedy = Greedy.schedule(in, previous);
        long greedyDelivered = evaluate(in, greedy.trucks(), greedy.loads())[0];
        if (!hintFrom(previous)) hint(greedy.trucks(), greedy.loads());
        LinearExpr[] terms = {weightedDelivered(), truckDays(), expectedDiversion()};
        long[] best = new long[3];
        String status = "OPTIMAL";
        boolean deterministic = search.deterministic();
        double bound = 0;
        long[][][] trucks = greedy.trucks(), loads = greedy.loads();
        for (int stage = 0; stage < 3; stage++) {
            if (stage == 0) model.maximize(terms[0]); else model.minimize(terms[stage]);
            CpSolver solver = new CpSolver();
            configure(solver, search, search.stageBudget(stage), stage > 0);
            register.accept(solver);
            CpSolverStatus result = solver.solve(model);
            deterministic &= result == CpSolverStatus.OPTIMAL || stoppedOnWork(solver, search);
            if (result != CpSolverStatus.OPTIMAL && result != CpSolverStatus.FEASIBLE) {
                // all-zero is always feasible, so no solution means a limit came first: keep what we have
                if (stage == 0) {
                    status = "GREEDY";
                    best = evaluate(in, trucks, loads);
                    bound = Double.NaN;
                } else {
                    status = "FEASIBLE";
                    // the schedule of the last stage that found one stands: its own truck-days and diversion
                    long[] kept = evaluate(in, trucks, loads);
                    for (int k = stage; k < 3; k++) best[k] = kept[k];
                }
                break;
            }
            best[stage] = Math.round(solver.objectiveValue());
            if (stage == 0) bound = solver.bestObjectiveBound();
            if (result == CpSolverStatus.FEASIBLE) status = "FEASIBLE";
            trucks = values(solver, x);
            loads = values(solver, t);
            if (stage == 0 && best[0] < greedyDelivered) {
                best[0] = greedyDelivered;
                trucks = greedy.trucks();
                loads = greedy.loads();
            }
            if (stage == 0) model.addGreaterOrEqual(terms[0], best[0]);
            if (stage == 1) model.addLessOrEqual(terms[1], best[1]);
            model.clearHints();
            hint(trucks, loads);
        }
        return new Outcome(status, deterministic, best[0], bound, best[1], best[2], trucks, loads);
    }

    /** The three objective terms of a schedule of {@code in} given as values, in the model's units. */
    private static long[] evaluate(Trips.AgencyTrips in, long[][][] trucks, long[][][] loads) {
        long delivered = 0, days = 0, diversion = 0;
        for (Trips.Trip r : in.trips()) {
            long carried = 0;
            for (long[] perBase : loads[r.index()]) for (long u : perBase) carried += u;
            delivered += carried * r.deliveredCoef();
            diversion += carried * r.diversionCoef();
            for (Trips.Group g : in.groups()) for (long n : trucks[r.index()][g.index()]) days += n * r.cycle()[g.index()];
        }
        return new long[] {delivered, days, diversion};
    }

    /**
     * Presolve within the budget: no probing and no search for big overlapping linear blocks. On the
     * 10x instance's larger agency models (5-40 thousand variables) these two alone used more than the
     * first stage's 0.12 deterministic seconds, so CP-SAT stopped after presolve and 7 of 12 models kept
     * the greedy schedule unimproved and without a bound (status GREEDY); without them every model
     * starts searching from the greedy hint.
     */
    private static void limitPresolve(SatParameters.Builder p) {
        p.setCpModelProbingLevel(0).setFindBigLinearOverlap(false);
    }

    /**
     * A tie-break stage ({@code tieBreak}: truck-days, then diversion) runs without presolve. Its model is the first
     * stage's plus one objective row, and its hint is the previous stage's complete, feasible schedule, so presolving
     * it again mostly repeats work: presolve's time counts in no work limit, and on Afghanistan (close Salang, one warm
     * JVM) it was 35-45 % of the tie-break stages' thread CPU, cold solve and re-solve alike (a cold solve's tie-break
     * stages 3.95 -> 2.47 CPU seconds over its 10 models), with the same truck-days and 0.01 % more expected diversion.
     */
    private static void configure(CpSolver solver, Search search, double budgetSeconds, boolean tieBreak) {
        var p = solver.getParameters();
        double untilDeadline = Math.max(0.05, (search.deadlineNanos() - System.nanoTime()) / 1e9);
        p.setNumWorkers(search.workers()).setRandomSeed((int) (search.seed() & 0x7fffffff)).setRelativeGapLimit(RELATIVE_GAP);
        if (tieBreak) p.setCpModelPresolve(false);
        else limitPresolve(p);
        if (search.deterministic() && search.sequential())
            p.setInterleaveSearch(false).setMaxDeterministicTime(budgetSeconds).setMaxTimeInSeconds(untilDeadline);
        else if (search.deterministic())
            p.setInterleaveSearch(true).setInterleaveBatchSize(INTERLEAVE_BATCH)
                    .setMaxDeterministicTime(budgetSeconds)
                    .setMaxTimeInSeconds(untilDeadline);
        else
            p.setMaxTimeInSeconds(Math.min(untilDeadline, Math.max(0.05, budgetSeconds)));
    }

    /** True when a non-optimal search ended on its deterministic work limit rather than on the wall clock. */
    private static boolean stoppedOnWork(CpSolver solver, Search search) {
        return search.deterministic() && solver.response().getDeterministicTime() >= solver.getParameters().getMaxDeterministicTime() * 0.99;
    }

    /** Hints from a previous plan's convoys; false when none of them concerns this agency's routes. */
    private boolean hintFrom(List<Plan.Convoy> previous) {
        List<Trips.Slot> slots = in.slots(previous);
        for (Trips.Slot s : slots) {
            Plan.Convoy c = s.convoy();
            Trips.Trip r = s.trip();
            for (Trips.Group g : in.groups()) {
                Integer n = c.trucks().get(g.type());
                IntVar v = x[r.index()][g.index()][s.day()];
                if (n != null && v != null && g.base().equals(c.hub())) model.addHint(v, n);
            }
            Double tonnes = c.manifest().get(r.route().commodity());
            if (tonnes != null && t[r.index()][s.base()][s.day()] != null)
                model.addHint(t[r.index()][s.base()][s.day()], Math.min(r.askedUnits(), Math.round(tonnes * Trips.UNITS_PER_TONNE)));
        }
        return !slots.isEmpty();
    }

    private void hint(long[][][] trucks, long[][][] loads) {
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) for (int k = 0; k < x[i][j].length; k++)
            if (x[i][j][k] != null) model.addHint(x[i][j][k], trucks[i][j][k]);
        for (int i = 0; i < t.length; i++) for (int j = 0; j < t[i].length; j++) for (int k = 0; k < t[i][j].length; k++)
            if (t[i][j][k] != null) model.addHint(t[i][j][k], loads[i][j][k]);
        for (int i = 0; i < c.length; i++) {
            long carried = 0;
            for (long[] perBase : loads[i]) for (long u : perBase) carried += u;
            model.addHint(c[i], carried);
        }
    }

    private static long[][][] values(CpSolver solver, IntVar[][][] vars) {
        long[][][] out = new long[vars.length][][];
        for (int i = 0; i < vars.length; i++) {
            out[i] = new long[vars[i].length][];
            for (int j = 0; j < vars[i].length; j++) {
                out[i][j] = new long[vars[i][j].length];
                for (int k = 0; k < vars[i][j].length; k++)
                    out[i][j][k] = vars[i][j][k] == null ? 0 : solver.value(vars[i][j][k]);
            }
        }
        return out;
    }

    private LinearExpr loaded(Trips.Trip r) {
        List<IntVar> vs = new ArrayList<>();
        for (IntVar[] perBase : t[r.index()]) for (IntVar v : perBase) if (v != null) vs.add(v);
        return LinearExpr.sum(vs.toArray(new IntVar[0]));
    }

    /** Groups at base b able to leave on r's day index di. */
    List<Trips.Group> trucksOf(Trips.Trip r, int b, int di) {
        List<Trips.Group> gs = new ArrayList<>();
        for (Trips.Group g : in.groups())
            if (g.base().equals(in.bases().get(b)) && r.servedBy(g, r.days()[di])) gs.add(g);
        return gs;
    }
}
