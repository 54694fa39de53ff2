package org.corridor.allocation;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.network.CompiledNetwork;
import org.corridor.network.CompiledNetwork.Arc;
import org.corridor.scenario.Agency;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;

/**
 * The allocation LP: a path-based generalised (lossy) multi-commodity flow, solved by GLOP.
 *
 * <p>Variables: x_r >= 0 tonnes dispatched on candidate r (one stock lot, one path, one need);
 * u_n in [0, need_n] tonnes of need n left unmet; s_l >= 0 equity shortfall of location l (weighted
 * tonnes). Delivered on r = keep_r x_r with keep_r = prod_e (1 - p_e); entering leg k of r =
 * x_r prod_{j<k} (1 - p_j); expected diversion on r = (1 - keep_r) x_r.
 *
 * <p>Constraints handled by construction rather than rows: admissibility per agency (candidates
 * use only arcs of the agency's view), the women-staff bar and commodity restrictions, deadlines and
 * the per-route risk cap (candidates that break them are never generated; see {@link RouteGenerator}).
 *
 * <p>Objective, lexicographic, as three successive LPs: (1) coverage, (2) expected diversion,
 * (3) cost; after each, the model is restricted to that stage's optimal face by complementary
 * slackness ({@link #fixOptimalFace()}), so a later stage can never trade away an earlier optimum.
 *
 * <p>One instance per solve; not thread-safe. {@link #close()} frees the native model.
 */
final class AllocationLp implements AutoCloseable {
    /** Reduced costs and duals smaller than this are treated as zero when fixing an optimal face. */
    static final double FACE_TOLERANCE = 1e-9;
    /**
     * Objective weight of one weighted tonne of equity shortfall: above the largest severity weight
     * of an unmet tonne (9), so a floor is met before any location gets more than its floor.
     */
    static final double EQUITY_PENALTY = 100.0;
    /** Risk budget row coefficients smaller than this in magnitude are rounding noise and set to 0. */
    static final double BUDGET_ROUNDING = 1e-9;

    static { Loader.loadNativeLibraries(); }

    private final CompiledNetwork net;
    private final Demand demand;
    private final List<Candidate> cands;
    private final SolveOptions options;
    private final MPSolver solver;
    private final MPVariable[] x;
    private final MPVariable[] u;
    private final Map<String, MPVariable> equitySlack = new LinkedHashMap<>();
    private final Map<String, MPConstraint> stockRows = new LinkedHashMap<>();
    private final Map<String, MPConstraint> needRows = new LinkedHashMap<>();
    private final Map<String, MPConstraint> capacityRows = new LinkedHashMap<>();
    private final Map<String, MPConstraint> fleetRows = new LinkedHashMap<>();
    private final Map<String, Double> payload = new LinkedHashMap<>();
    private MPConstraint riskBudgetRow;

    AllocationLp(CompiledNetwork net, Demand demand, List<Candidate> cands, SolveOptions options) {
        this.net = net;
        this.demand = demand;
        this.cands = cands;
        this.options = options;
        this.solver = MPSolver.createSolver("GLOP");
        if (solver == null) throw new IllegalStateException("the GLOP linear solver is not available in this OR-Tools build");
        for (Agency a : net.scenario().agencies()) payload.put(a.id(), Demand.meanPayload(a));
        x = solver.makeNumVarArray(cands.size(), 0, MPSolver.infinity(), "x");
        u = new MPVariable[demand.needs.size()];
        for (int n = 0; n < u.length; n++) u[n] = solver.makeNumVar(0, demand.needs.get(n).tonnes(), "u" + n);
        stockLimits();
        needBalance();
        roadCapacity();
        fleetTruckDays();
        if (options.riskBudget() != null) riskBudget(options.riskBudget());
        if (options.equityFloor() > 0) equityFloor(options.equityFloor());
    }

    // ---------------- constraints ----------------

    /** Stock: for every lot l, sum_{r from l} x_r <= stock_l. */
    private void stockLimits() {
        MPConstraint[] rows = new MPConstraint[demand.lots.size()];
        for (int i = 0; i < x.length; i++) {
            int l = cands.get(i).lot();
            if (rows[l] == null) {
                Demand.Lot lot = demand.lots.get(l);
                rows[l] = solver.makeConstraint(-MPSolver.infinity(), lot.tonnes(), "stock" + l);
                stockRows.put(lot.key(), rows[l]);
            }
            rows[l].setCoefficient(x[i], 1);
        }
    }

    /** Need balance: for every need n, sum_{r to n} keep_r x_r + u_n = need_n. */
    private void needBalance() {
        MPConstraint[] rows = new MPConstraint[demand.needs.size()];
        for (int n = 0; n < rows.length; n++) {
            Demand.NeedGroup g = demand.needs.get(n);
            rows[n] = solver.makeConstraint(g.tonnes(), g.tonnes(), "need" + n);
            rows[n].setCoefficient(u[n], 1);
            needRows.put(g.key(), rows[n]);
        }
        for (int i = 0; i < x.length; i++) rows[cands.get(i).need()].setCoefficient(x[i], cands.get(i).keep());
    }

    /**
     * Road capacity over the horizon: for every road e, sum_r sum_{k: leg k of r is e}
     * x_r prod_{j<k}(1 - p_j) <= openCapacity_e (both directions together).
     */
    private void roadCapacity() {
        for (int i = 0; i < x.length; i++) {
            Candidate c = cands.get(i);
            List<Arc> arcs = c.arcs();
            for (int k = 0; k < arcs.size(); k++) {
                String road = arcs.get(k).road();
                MPConstraint row = capacityRows.get(road);
                if (row == null) {
                    row = solver.makeConstraint(-MPSolver.infinity(), net.roads().get(road).openCapacity(), "cap_" + road);
                    capacityRows.put(road, row);
                }
                // a simple path uses each road at most once, so setting (not adding) is exact
                row.setCoefficient(x[i], c.entering()[k]);
            }
        }
    }

    /**
     * Fleet truck-days: for every agency a, sum_{r of a} (x_r / payload_a) x roundTripDays_r <=
     * trucks_a x horizon, with payload_a the count-weighted mean payload of a's trucks.
     */
    private void fleetTruckDays() {
        for (Agency a : net.scenario().agencies())
            fleetRows.put(a.id(), solver.makeConstraint(-MPSolver.infinity(), (double) a.truckCount() * net.horizonDays(), "fleet_" + a.id()));
        for (int i = 0; i < x.length; i++) {
            Candidate c = cands.get(i);
            if (c.roundTripDays() > 0) fleetRows.get(c.agency()).setCoefficient(x[i], c.roundTripDays() / payload.get(c.agency()));
        }
    }

    /**
     * Risk budget: sum_r (1 - keep_r) x_r <= B x sum_r x_r, i.e. sum_r (1 - keep_r - B) x_r <= 0.
     * A coefficient below {@link #BUDGET_ROUNDING} is a route whose loss equals the budget up to
     * floating-point rounding (a 0.5 % road under a 0.5 % budget gives 4e-18): it is set to 0, as
     * such noise made GLOP report UNBOUNDED or ABNORMAL for a bounded LP on the Afghanistan scenario.
     */
    private void riskBudget(double budget) {
        MPConstraint row = solver.makeConstraint(-MPSolver.infinity(), 0, "risk_budget");
        riskBudgetRow = row;
        for (int i = 0; i < x.length; i++) row.setCoefficient(x[i], budgetCoefficient(cands.get(i), budget));
    }

    /** Coefficient of x_r in the risk budget row: 1 - keep_r - B, or 0 when that is rounding noise. */
    static double budgetCoefficient(Candidate c, double budget) {
        double v = c.lossShare() - budget;
        return Math.abs(v) < BUDGET_ROUNDING ? 0 : v;
    }

    /**
     * Equity floor: for every need location l, sum_{n at l} w_n (need_n - u_n) + s_l >= floor x
     * sum_{n at l} w_n need_n, i.e. -sum w_n u_n + s_l >= (floor - 1) sum w_n need_n; the shortfall
     * s_l >= 0 is priced at {@link #EQUITY_PENALTY} per weighted tonne, so the floor holds wherever
     * the network allows it and costs nothing where it cannot.
     */
    private void equityFloor(double floor) {
        Map<String, Double> weightedNeed = new LinkedHashMap<>();
        for (Demand.NeedGroup g : demand.needs) weightedNeed.merge(g.location(), g.weight() * g.tonnes(), Double::sum);
        Map<String, MPConstraint> rows = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : weightedNeed.entrySet()) {
            MPVariable s = solver.makeNumVar(0, MPSolver.infinity(), "equity_" + e.getKey());
            equitySlack.put(e.getKey(), s);
            MPConstraint row = solver.makeConstraint((floor - 1) * e.getValue(), MPSolver.infinity(), "floor_" + e.getKey());
            row.setCoefficient(s, 1);
            rows.put(e.getKey(), row);
        }
        for (int n = 0; n < u.length; n++) {
            Demand.NeedGroup g = demand.needs.get(n);
            rows.get(g.location()).setCoefficient(u[n], -g.weight());
        }
    }

    // ---------------- objective terms ----------------

    /**
     * Stage 1, coverage: min sum_n w_n u_n + EQUITY_PENALTY sum_l s_l (+ riskWeight sum_r (1 - keep_r) x_r
     * when no risk budget is set).
     */
    private void unmetNeedObjective(MPObjective obj) {
        for (int n = 0; n < u.length; n++) obj.setCoefficient(u[n], demand.needs.get(n).weight());
        for (MPVariable s : equitySlack.values()) obj.setCoefficient(s, EQUITY_PENALTY);
        for (int i = 0; i < x.length; i++) {
            double c = coverageCost(cands.get(i), options);
            if (c != 0) obj.setCoefficient(x[i], c);
        }
    }

    /** Coefficient of x_r in the coverage objective: riskWeight x (1 - keep_r) when no budget is set, else 0. */
    static double coverageCost(Candidate c, SolveOptions options) {
        return options.riskBudget() == null ? options.riskWeight() * c.lossShare() : 0;
    }

    /** Stage 2, expected diversion: min sum_r (1 - keep_r) x_r. */
    private void diversionObjective(MPObjective obj) {
        for (int i = 0; i < x.length; i++) obj.setCoefficient(x[i], cands.get(i).lossShare());
    }

    /** Stage 3, cost: min sum_r (x_r / payload_a) x km_r, loaded truck-km. */
    private void costObjective(MPObjective obj) {
        for (int i = 0; i < x.length; i++) {
            double q = payload.get(cands.get(i).agency());
            obj.setCoefficient(x[i], cands.get(i).km() / q);
        }
    }

    // ---------------- solving ----------------

    /** Outcome of the three stages. */
    record Solution(String status, double objective, double bound, double[] dispatched, double[] unmet,
                    Map<String, Long> stageMillis, AllocationResult.Duals duals) {}

    /**
     * Solves coverage, then diversion, then cost, each within what is left of the time limit. A later
     * stage that does not reach optimality leaves the previous stage's (optimal) solution in place.
     */
    Solution solve(SolveControl control, long deadlineNanos) {
        Map<String, Long> millis = new LinkedHashMap<>();
        MPObjective obj = solver.objective();
        obj.setMinimization();

        unmetNeedObjective(obj);
        MPSolver.ResultStatus st1 = run(control, deadlineNanos, millis, "lp.coverage");
        String status = st1.toString();
        if (st1 != MPSolver.ResultStatus.OPTIMAL && st1 != MPSolver.ResultStatus.FEASIBLE) {
            return new Solution(status, 0, 0, new double[x.length], needTonnes(), millis, emptyDuals());
        }
        double objective = obj.value();
        double bound = st1 == MPSolver.ResultStatus.OPTIMAL ? objective : obj.bestBound();
        AllocationResult.Duals duals = duals();
        double[] bestX = values(x), bestU = values(u);

        if (st1 == MPSolver.ResultStatus.OPTIMAL) {
            fixOptimalFace();
            obj.clear();
            diversionObjective(obj);
            if (run(control, deadlineNanos, millis, "lp.diversion") == MPSolver.ResultStatus.OPTIMAL) {
                bestX = values(x);
                bestU = values(u);
                fixOptimalFace();
                obj.clear();
                costObjective(obj);
                if (run(control, deadlineNanos, millis, "lp.cost") == MPSolver.ResultStatus.OPTIMAL) {
                    bestX = values(x);
                    bestU = values(u);
                }
            }
        }
        return new Solution(status, objective, bound, bestX, bestU, millis, duals);
    }

    /**
     * Restricts the model to the optimal face of the stage just solved, exactly and without a
     * tolerance row: by complementary slackness a feasible point is optimal iff x_j sits at its
     * bound wherever the reduced cost d_j != 0 and row i is tight wherever its dual y_i != 0. So
     * fixing those variables and tightening those rows keeps every optimum of this stage, and only
     * those, for the next stage's objective. |d|, |y| below {@link #FACE_TOLERANCE} count as zero.
     */
    private void fixOptimalFace() {
        // read every value first: changing the model invalidates the solution held by MPSolver
        MPVariable[] vars = solver.variables();
        MPConstraint[] rows = solver.constraints();
        double[] d = new double[vars.length], y = new double[rows.length];
        for (int j = 0; j < vars.length; j++) d[j] = vars[j].reducedCost();
        for (int i = 0; i < rows.length; i++) y[i] = rows[i].dualValue();
        for (int j = 0; j < vars.length; j++) {
            if (d[j] > FACE_TOLERANCE) vars[j].setUb(vars[j].lb());
            else if (d[j] < -FACE_TOLERANCE && vars[j].ub() < MPSolver.infinity()) vars[j].setLb(vars[j].ub());
        }
        for (int i = 0; i < rows.length; i++) {
            MPConstraint c = rows[i];
            if (Math.abs(y[i]) <= FACE_TOLERANCE || c.lb() == c.ub()) continue;
            if (c.lb() == -MPSolver.infinity()) c.setLb(c.ub());
            else if (c.ub() == MPSolver.infinity()) c.setUb(c.lb());
        }
    }

    private MPSolver.ResultStatus run(SolveControl control, long deadlineNanos, Map<String, Long> millis, String stage) {
        long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        solver.setTimeLimit(left);
        long t0 = System.nanoTime();
        Thread watcher = interruptOnCancel(control);
        MPSolver.ResultStatus st;
        try {
            st = solver.solve();
        } finally {
            watcher.interrupt();
        }
        millis.put(stage, (System.nanoTime() - t0) / 1_000_000);
        if (control.cancelled()) throw new SolveControl.SolveCancelledException("allocate");
        return st;
    }

    /** A small daemon that passes a cancellation to GLOP's interrupt hook while one LP runs. */
    private Thread interruptOnCancel(SolveControl control) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (control.cancelled()) { solver.interruptSolve(); return; }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                // the LP finished; nothing to interrupt
            }
        }, "corridor-lp-cancel");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private AllocationResult.Duals duals() {
        return new AllocationResult.Duals(dualsOf(capacityRows), dualsOf(stockRows), dualsOf(fleetRows), dualsOf(needRows),
                riskBudgetRow == null ? 0 : riskBudgetRow.dualValue(), reducedCosts());
    }

    private static Map<String, Double> dualsOf(Map<String, MPConstraint> rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        rows.forEach((k, r) -> out.put(k, r.dualValue()));
        return out;
    }

    private Map<String, Double> reducedCosts() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) out.put(cands.get(i).key(), x[i].reducedCost());
        return out;
    }

    private static AllocationResult.Duals emptyDuals() {
        return new AllocationResult.Duals(Map.of(), Map.of(), Map.of(), Map.of(), 0, Map.of());
    }

    private double[] needTonnes() {
        double[] out = new double[u.length];
        for (int n = 0; n < u.length; n++) out[n] = demand.needs.get(n).tonnes();
        return out;
    }

    private static double[] values(MPVariable[] vs) {
        double[] out = new double[vs.length];
        for (int i = 0; i < vs.length; i++) out[i] = vs[i].solutionValue();
        return out;
    }

    @Override public void close() { solver.delete(); }
}
