package org.corridor.allocation;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
 * A re-solve ({@link Stability}) adds its frozen cargo as rows from stage 1 on, then, between coverage
 * and diversion, a stability stage: coverage held by a row ({@link #coverageFloor}) at its optimum, or within the
 * stability's coverage tolerance of it, it minimises the coverage stage's objective plus the stability term
 * ({@link #coverageStabilityWeight}, {@link #coverageScale}), so that
 * among the coverage optima the one closest to the previous plan is kept rather than whichever the risk term
 * alone prefers; stages 2 and 3 keep the stability term. Coverage is still optimised first, given what is
 * already moving.
 *
 * <p>Column generation: the candidate pool can hold millions of columns on large instances, so the
 * LP starts from the pool's best {@link #INITIAL_PER_NEED} columns per need (all of them when the
 * pool has at most {@link #FULL_POOL} columns) and each stage adds the pool columns whose reduced
 * cost d_r = c_r - sum_i y_i a_ir is negative, most negative first, until none is left: the stage
 * is then optimal over the whole pool. A later stage only considers columns with d_r = 0 in every
 * earlier stage, the others being 0 in every earlier optimum. Road capacity rows are generated the
 * same way from the other side: a road gets its row once a solution overloads it, so the LP carries
 * only the capacity rows that matter; a stage ends when no column prices in and no road is
 * overloaded, i.e. optimal for the full model over the whole pool. GLOP restarts each round from
 * its last basis ({@link #warmStartAcrossRounds()}), and the coverage stage drops columns that sit
 * unused at a positive reduced cost once the LP grows large ({@link #purgeColumns}). If the time limit
 * ends a stage before pricing converges, the stage keeps its last LP optimum that overloads no road,
 * with the best Lagrangian bound of its rounds ({@link #lagrangianBound}).
 *
 * <p>One instance per solve; not thread-safe. {@link #close()} frees the native model.
 */
final class AllocationLp implements AutoCloseable {
    /** Reduced costs and duals smaller than this are treated as zero when fixing an optimal face. */
    static final double FACE_TOLERANCE = 1e-9;
    /** A pool column enters the LP when its reduced cost is below minus this. */
    static final double PRICE_TOLERANCE = 1e-7;
    /**
     * Objective weight of one weighted tonne of equity shortfall: above the largest severity weight
     * of an unmet tonne (9), so a floor is met before any location gets more than its floor.
     */
    static final double EQUITY_PENALTY = 100.0;
    /** Risk budget row coefficients smaller than this in magnitude are rounding noise and set to 0. */
    static final double BUDGET_ROUNDING = 1e-9;
    /** Pools up to this size enter the LP whole (one pricing round then proves optimality). */
    static final int FULL_POOL = 40_000;
    /** The coverage stage drops unused columns when the LP has more than this many columns per row. */
    static final int PURGE_AT = 3;
    /** Columns per need in the first LP of a larger pool. */
    static final int INITIAL_PER_NEED = 2;
    /**
     * Columns a re-solve's pricing round adds per need (a cold solve adds 1). A re-solve's LP starts from the
     * previous routes and the events move only some needs, so those needs' columns enter over many rounds of one
     * new column each, and each round is a full GLOP run; taking the best few per need at once cuts the rounds.
     */
    static final int RESOLVE_COLUMNS_PER_NEED = 3;

    static { Loader.loadNativeLibraries(); }

    private final CompiledNetwork net;
    private final Demand demand;
    private final List<Candidate> cands;
    private final SolveOptions options;
    private MPSolver solver;
    /**
     * The model's variables, rows and objective as created, in the solver's index order. Every call of
     * MPSolver.variables(), constraints() or objective() makes fresh Java proxies, each with a finalizer;
     * made per pricing round they ran to tens of thousands per LP, and finalizable objects survive a
     * young collection, queue for the single finalizer thread and register under one JVM-wide lock, which
     * slowed concurrent re-solves (explain, frontier) on the worker pool.
     */
    private final List<MPVariable> allVars = new ArrayList<>();
    private final List<MPConstraint> allRows = new ArrayList<>();
    private MPObjective lpObjective;
    private final MPVariable[] x;
    private final MPVariable[] u;
    private final Map<String, MPVariable> equitySlack = new LinkedHashMap<>();
    private MPConstraint[] stockRows;
    private MPConstraint[] needRows;
    private MPConstraint[] fleetRows;
    private final MPConstraint[] capacityRows;
    private MPConstraint riskBudgetRow;
    /**
     * Per candidate: the directed road of each leg (2 x road index, + 1 when driven against the road's
     * from -> to), and the agency's index.
     */
    private final int[][] legRoads;
    private final int[] agencyOf;
    private final int[] needOf;
    private final double[] fleetCoef;
    private final String[] roadIds;
    /** Open capacity over the horizon of each road, per direction. */
    private final double[] capacity;
    private final List<Agency> agencies;
    private final Map<String, Double> payload = new LinkedHashMap<>();
    private final int fullPool;
    /** Columns the first LP starts from besides the best per need ({@link #initialColumns}), or null: the pool's size decides. */
    private final Predicate<Candidate> start;
    private final boolean routeReducedCosts;
    private final Stability stability;
    /** Per previous route key with candidates in the pool: those candidates (in pool order). */
    private final Map<String, List<Integer>> keyed = new LinkedHashMap<>();
    /** Deviation variables d+_k, d-_k of each previous route key (made when the diversion stage starts). */
    private final List<MPVariable> deviations = new ArrayList<>();
    private int columns;
    private int pricingRounds;

    /** Stage objective coefficient of a candidate column. */
    private interface ColumnCost { double of(Candidate c); }

    /**
     * @param fullPool          pools up to this size enter the LP whole ({@link #FULL_POOL} outside tests)
     * @param routeReducedCosts whether the duals carry every LP column's reduced cost by candidate key
     * @param start             when not null, the first LP holds these candidates and the best per need, whatever the
     *                          pool's size (a relaxation started from the plan it relaxes)
     */
    AllocationLp(CompiledNetwork net, Demand demand, List<Candidate> cands, SolveOptions options, int fullPool, Stability stability,
                 boolean routeReducedCosts, Predicate<Candidate> start) {
        this.fullPool = fullPool;
        this.start = start;
        this.routeReducedCosts = routeReducedCosts;
        this.stability = stability;
        this.net = net;
        this.demand = demand;
        this.cands = cands;
        this.options = options;
        this.agencies = net.scenario().agencies();
        Map<String, Integer> agencyIndex = new HashMap<>();
        for (int a = 0; a < agencies.size(); a++) {
            agencyIndex.put(agencies.get(a).id(), a);
            payload.put(agencies.get(a).id(), Demand.meanPayload(agencies.get(a)));
        }
        roadIds = net.roads().keySet().toArray(new String[0]);
        Map<String, Integer> roadIndex = new HashMap<>();
        for (int r = 0; r < roadIds.length; r++) roadIndex.put(roadIds[r], r);
        capacity = new double[roadIds.length];
        for (int r = 0; r < roadIds.length; r++) capacity[r] = net.roads().get(roadIds[r]).openCapacity();
        legRoads = new int[cands.size()][];
        agencyOf = new int[cands.size()];
        needOf = new int[cands.size()];
        fleetCoef = new double[cands.size()];
        Map<List<Arc>, int[]> byPath = new IdentityHashMap<>();
        for (int i = 0; i < cands.size(); i++) {
            Candidate c = cands.get(i);
            legRoads[i] = byPath.computeIfAbsent(c.arcs(), arcs -> {
                int[] idx = new int[arcs.size()];
                for (int k = 0; k < idx.length; k++) idx[k] = directedRoad(arcs.get(k), roadIndex);
                return idx;
            });
            agencyOf[i] = agencyIndex.get(c.agency());
            needOf[i] = c.need();
            fleetCoef[i] = c.roundTripDays() == 0 ? 0 : c.roundTripDays() / payload.get(c.agency());
        }
        x = new MPVariable[cands.size()];
        u = new MPVariable[demand.needs.size()];
        capacityRows = new MPConstraint[2 * roadIds.length]; // roadCapacity() adds rows as solutions overload roads
        baseModel();
        if (!stability.isEmpty()) {
            for (int i = 0; i < cands.size(); i++) {
                String k = Stability.routeKey(cands.get(i));
                if (stability.previousTonnes().containsKey(k) || stability.frozen().containsKey(k))
                    keyed.computeIfAbsent(k, key -> new ArrayList<>()).add(i);
            }
        }
    }


    /**
     * A new GLOP model with the unmet-need variables and every row family that exists from the start
     * (stock, need balance, fleet, risk budget, equity floor); no route column and no capacity row yet.
     */
    private void baseModel() {
        solver = MPSolver.createSolver("GLOP");
        if (solver == null) throw new IllegalStateException("the GLOP linear solver is not available in this OR-Tools build");
        allVars.clear();
        allRows.clear();
        lpObjective = solver.objective();
        warmStartAcrossRounds();
        for (int n = 0; n < u.length; n++) u[n] = newVar(0, demand.needs.get(n).tonnes(), "u" + n);
        stockRows = stockLimits();
        needRows = needBalance();
        fleetRows = fleetTruckDays();
        riskBudgetRow = options.riskBudget() == null ? null : newRow(-MPSolver.infinity(), 0, "risk_budget");
        if (options.equityFloor() > 0) equityFloor(options.equityFloor());
    }

    /**
     * MPSolver hands GLOP the whole model again at every solve, but GLOP keeps its last basis and
     * starts from it when the new LP only has extra columns or extra rows. Its presolve rewrites the
     * LP differently each round, which throws that basis away; without presolve a pricing round costs
     * a few hundred simplex iterations instead of thousands (30x instance: 3.5 s of CPU for the
     * coverage LP instead of 10.9 s, the same optimum).
     */
    private void warmStartAcrossRounds() {
        if (!solver.setSolverSpecificParametersAsString("use_preprocessing: false "))
            throw new IllegalStateException("GLOP rejected its parameters");
    }

    private MPVariable newVar(double lb, double ub, String name) {
        MPVariable v = solver.makeNumVar(lb, ub, name);
        allVars.add(v);
        return v;
    }

    private MPConstraint newRow(double lb, double ub, String name) {
        MPConstraint r = solver.makeConstraint(lb, ub, name);
        allRows.add(r);
        return r;
    }

    // ---------------- constraints (one method per family; columns add their coefficients in addColumn) ----------------

    /** Stock: for every lot l, sum_{r from l} x_r <= stock_l. */
    private MPConstraint[] stockLimits() {
        MPConstraint[] rows = new MPConstraint[demand.lots.size()];
        for (int l = 0; l < rows.length; l++) rows[l] = newRow(-MPSolver.infinity(), demand.lots.get(l).tonnes(), "stock" + l);
        return rows;
    }

    /** Need balance: for every need n, sum_{r to n} keep_r x_r + u_n = need_n. */
    private MPConstraint[] needBalance() {
        MPConstraint[] rows = new MPConstraint[demand.needs.size()];
        for (int n = 0; n < rows.length; n++) {
            double t = demand.needs.get(n).tonnes();
            rows[n] = newRow(t, t, "need" + n);
            rows[n].setCoefficient(u[n], 1);
        }
        return rows;
    }

    /**
     * Road capacity over the horizon, per direction: for every road e and direction h, sum_r sum_{k: leg k
     * of r drives e in direction h} x_r prod_{j<k}(1 - p_j) <= openCapacity_e. The capacity per day is a
     * road's throughput in each direction ({@link org.corridor.scenario.Road}); trucks coming back
     * empty carry no tonnes, so only loaded legs count. Rows are added lazily: only for directed roads
     * the current solution overloads ({@link #overloadedRoads}); one without a row carries less than
     * its capacity, so its dual is 0 and leaving it out changes no optimum.
     */
    private void roadCapacity(List<Integer> roads) {
        boolean[] adding = new boolean[capacityRows.length];
        for (int e : roads) {
            adding[e] = true;
            capacityRows[e] = capacityRow(e);
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) continue;
            int[] legs = legRoads[i];
            // a simple path uses each road at most once, so setting (not adding) is exact
            for (int k = 0; k < legs.length; k++) if (adding[legs[k]]) capacityRows[legs[k]].setCoefficient(x[i], cands.get(i).entering()[k]);
        }
    }

    private MPConstraint capacityRow(int e) {
        return newRow(-MPSolver.infinity(), capacity[e / 2], "cap_" + roadIds[e / 2] + (e % 2 == 0 ? "+" : "-"));
    }

    /** Directed roads without a capacity row whose load under the solution {@code xs} exceeds their open capacity. */
    private List<Integer> overloadedRoads(double[] xs) {
        double[] load = new double[capacityRows.length];
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] <= 0) continue;
            int[] legs = legRoads[i];
            for (int k = 0; k < legs.length; k++) load[legs[k]] += xs[i] * cands.get(i).entering()[k];
        }
        List<Integer> out = new ArrayList<>();
        for (int e = 0; e < load.length; e++) {
            double cap = capacity[e / 2];
            if (capacityRows[e] == null && load[e] > cap + 1e-9 * Math.max(1, cap)) out.add(e);
        }
        return out;
    }

    /** Index of the directed road an arc drives: 2 x road index, + 1 against the road's from -> to. */
    private int directedRoad(Arc a, Map<String, Integer> roadIndex) {
        int r = roadIndex.get(a.road());
        return 2 * r + (a.from().equals(net.roads().get(a.road()).road().from()) ? 0 : 1);
    }

    /**
     * Fleet truck-days: for every agency a, sum_{r of a} (x_r / payload_a) x roundTripDays_r <=
     * trucks_a x horizon, with payload_a the count-weighted mean payload of a's trucks.
     */
    private MPConstraint[] fleetTruckDays() {
        MPConstraint[] rows = new MPConstraint[agencies.size()];
        for (int a = 0; a < rows.length; a++)
            rows[a] = newRow(-MPSolver.infinity(), (double) agencies.get(a).truckCount() * net.horizonDays(), "fleet_" + agencies.get(a).id());
        return rows;
    }

    /**
     * Risk budget: sum_r (1 - keep_r) x_r <= B x sum_r x_r, i.e. sum_r (1 - keep_r - B) x_r <= 0.
     * A coefficient below {@link #BUDGET_ROUNDING} is a route whose loss equals the budget up to
     * floating-point rounding (a 0.5 % road under a 0.5 % budget gives 4e-18): it is set to 0, as
     * such noise made GLOP report UNBOUNDED or ABNORMAL for a bounded LP on the Afghanistan scenario.
     */
    private double riskBudgetCoefficient(Candidate c) {
        return budgetCoefficient(c, options.riskBudget());
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
            MPVariable s = newVar(0, MPSolver.infinity(), "equity_" + e.getKey());
            equitySlack.put(e.getKey(), s);
            MPConstraint row = newRow((floor - 1) * e.getValue(), MPSolver.infinity(), "floor_" + e.getKey());
            row.setCoefficient(s, 1);
            rows.put(e.getKey(), row);
        }
        for (int n = 0; n < u.length; n++) {
            Demand.NeedGroup g = demand.needs.get(n);
            rows.get(g.location()).setCoefficient(u[n], -g.weight());
        }
    }

    /**
     * Frozen cargo, the convoys that have left. Cargo on a route this version no longer admits (a road closed under
     * it) is not at its origin any more: it comes off the stock of the lots it could have left from, earliest
     * first, so the plan does not send it again; its delivery is not counted, as whether it arrives is not known.
     * For every admitted route key k: sum_{r with key k} x_r >= c_k frozen_k (the plan keeps carrying what the
     * convoys carry), with c_k = min(1, need_n / sum_{k' to n} keep_k' frozen_k', min over days d of stock left
     * by d / frozen cargo by d, over k's agency, origin and commodity): an event may cut a need or a stock below the
     * cargo already on its way, and the need and stock rows must stay feasible. The cargo above the cap is not the
     * new plan's; the re-solve reports the convoys carrying it as departed.
     */
    private void frozenTonnes() {
        if (stability.frozen().isEmpty()) return;
        double[] stock = new double[demand.lots.size()];
        for (int l = 0; l < stock.length; l++) stock[l] = demand.lots.get(l).tonnes();
        Map<Integer, Double> committed = new LinkedHashMap<>(); // need index -> tonnes the frozen cargo delivers
        List<Stability.Frozen> admitted = new ArrayList<>();
        for (Map.Entry<String, Stability.Frozen> f : stability.frozen().entrySet()) {
            List<Integer> rs = keyed.get(f.getKey());
            if (rs == null) {
                double left = f.getValue().tonnes();
                for (int l = 0; l < stock.length && left > 0; l++) {
                    if (!f.getValue().drawsOn(demand.lots.get(l))) continue;
                    double taken = Math.min(left, stock[l]);
                    stock[l] -= taken;
                    left -= taken;
                }
            } else if (f.getValue().tonnes() > 0) {
                committed.merge(cands.get(rs.get(0)).need(), cands.get(rs.get(0)).keep() * f.getValue().tonnes(), Double::sum);
                admitted.add(f.getValue());
            }
        }
        for (int l = 0; l < stock.length; l++) if (stock[l] != demand.lots.get(l).tonnes()) stockRows[l].setUb(stock[l]);
        Map<List<String>, Double> stockCaps = stockCaps(admitted, stock);
        for (Map.Entry<String, Stability.Frozen> f : stability.frozen().entrySet()) {
            List<Integer> rs = keyed.get(f.getKey());
            if (rs == null || f.getValue().tonnes() <= 0) continue;
            int n = cands.get(rs.get(0)).need();
            double cap = Math.min(demand.needs.get(n).tonnes() / committed.get(n), stockCaps.get(f.getValue().stock()));
            // below 1, a relative 1e-9 margin keeps the capped row clear of the need and stock rows' rounding
            double lower = cap < 1 ? f.getValue().tonnes() * cap * (1 - 1e-9) : f.getValue().tonnes();
            MPConstraint row = newRow(lower, MPSolver.infinity(), "frozen_" + rs.get(0));
            for (int i : rs) row.setCoefficient(x[i], 1);
        }
    }

    /**
     * Per stock of frozen cargo ({@link Stability.Frozen#stock}): min(1, min over its departure days d of the stock
     * left there by d / its cargo leaving by d).
     */
    private Map<List<String>, Double> stockCaps(List<Stability.Frozen> admitted, double[] stock) {
        Map<List<String>, Double> caps = new LinkedHashMap<>();
        for (Stability.Frozen by : admitted) {
            double cargo = 0, held = 0;
            for (Stability.Frozen g : admitted) if (g.stock().equals(by.stock()) && g.departureDay() <= by.departureDay()) cargo += g.tonnes();
            for (int l = 0; l < stock.length; l++) if (by.drawsOn(demand.lots.get(l))) held += stock[l];
            caps.merge(by.stock(), Math.min(1, held / cargo), Math::min);
        }
        return caps;
    }

    /**
     * Stability deviation: for every previous route key k, sum_{r with key k} x_r - d+_k + d-_k = previous_k
     * with d+_k, d-_k >= 0, so d+_k + d-_k >= |x_k - previous_k| (equal at an optimum that prices them).
     * A previous route with no candidate left (its road closed) has no row: the change is forced.
     */
    private void stabilityDeviation() {
        for (Map.Entry<String, Double> p : stability.previousTonnes().entrySet()) {
            List<Integer> rs = keyed.get(p.getKey());
            if (rs == null) continue;
            MPVariable up = newVar(0, MPSolver.infinity(), "dev_up_" + rs.get(0));
            MPVariable down = newVar(0, MPSolver.infinity(), "dev_down_" + rs.get(0));
            MPConstraint row = newRow(p.getValue(), p.getValue(), "stability_" + rs.get(0));
            for (int i : rs) row.setCoefficient(x[i], 1);
            row.setCoefficient(up, -1);
            row.setCoefficient(down, 1);
            deviations.add(up);
            deviations.add(down);
        }
    }

    /** Puts candidate i into the LP with its coefficient in every row it touches and in the objective. */
    private void addColumn(int i, ColumnCost cost) {
        Candidate c = cands.get(i);
        MPVariable v = newVar(0, MPSolver.infinity(), ""); // unnamed: nothing reads a column's name, and thousands are made per solve
        x[i] = v;
        columns++;
        stockRows[c.lot()].setCoefficient(v, 1);
        needRows[c.need()].setCoefficient(v, c.keep());
        // a simple path uses each road at most once, so setting (not adding) is exact
        for (int k = 0; k < legRoads[i].length; k++) {
            MPConstraint cap = capacityRows[legRoads[i][k]];
            if (cap != null) cap.setCoefficient(v, c.entering()[k]);
        }
        if (fleetCoef[i] != 0) fleetRows[agencyOf[i]].setCoefficient(v, fleetCoef[i]);
        if (riskBudgetRow != null) riskBudgetRow.setCoefficient(v, riskBudgetCoefficient(c));
        double obj = cost.of(c);
        if (obj != 0) lpObjective.setCoefficient(v, obj);
    }

    // ---------------- objective terms ----------------

    /**
     * Stage 1, coverage: min sum_n w_n u_n + EQUITY_PENALTY sum_l s_l (+ riskWeight sum_r (1 - keep_r) x_r
     * when no risk budget is set).
     */
    private void unmetNeedObjective(MPObjective obj) { unmetNeedObjective(obj, 1); }

    /** scale x (sum_n w_n u_n + EQUITY_PENALTY sum_l s_l). */
    private void unmetNeedObjective(MPObjective obj, double scale) {
        for (int n = 0; n < u.length; n++) obj.setCoefficient(u[n], scale * demand.needs.get(n).weight());
        for (MPVariable s : equitySlack.values()) obj.setCoefficient(s, scale * EQUITY_PENALTY);
    }

    /** Coefficient of x_r in the coverage objective: riskWeight x (1 - keep_r) when no budget is set, else 0. */
    static double coverageCost(Candidate c, SolveOptions options) {
        return options.riskBudget() == null ? options.riskWeight() * c.lossShare() : 0;
    }

    /** Stability term: + weight x sum_k (d+_k + d-_k), weight per tonne of change to a previous route's tonnes. */
    private void stabilityObjective(MPObjective obj, double weight) {
        for (MPVariable d : deviations) obj.setCoefficient(d, weight);
    }

    /**
     * Weight of a tonne of change in the re-solve's stability stage, in the units of the coverage stage's risk
     * term: weight x riskWeight (one tonne of change weighs as much as {@code weight} expected diverted tonnes,
     * priced there at riskWeight each); weight alone when that stage prices no diversion (a risk budget is set,
     * or riskWeight is 0), where the stability term is the stage's only term.
     */
    private double coverageStabilityWeight() { return stability.weight() * coverageScale(); }

    /**
     * Price of one weighted tonne of unmet need in the re-solve's stability stage, where the coverage floor lets
     * coverage fall by up to the tolerance: riskWeight, the price of an expected diverted tonne there (1 when that
     * stage prices no diversion). So the stage min scale x (sum_n w_n u_n + EQUITY_PENALTY sum_l s_l) + riskWeight
     * sum_r (1 - keep_r) x_r + stabilityWeight x scale x sum_k |x_k - previous_k| gives up a weighted tonne of
     * coverage only to avoid more than 1 / stabilityWeight tonnes of change, and never to avoid diversion (a tonne
     * delivered outweighs its expected diverted share). With no tolerance the first term is constant on the floor.
     */
    private double coverageScale() {
        boolean pricesDiversion = options.riskBudget() == null && options.riskWeight() > 0;
        return pricesDiversion ? options.riskWeight() : 1;
    }

    /**
     * Coverage floor of a re-solve's stability stage, on Z = sum_n w_n u_n + EQUITY_PENALTY sum_l s_l (the coverage
     * stage's unmet term; coverage C = W - Z with W = sum_n w_n need_n): C >= max((1 - tol) C*, min(C*, C_prev)), i.e.
     * Z <= min(Z* + tol (W - Z*), max(Z*, Z_prev)), with Z* its value in the coverage stage's optimum, tol the
     * stability's coverage tolerance and Z_prev the value of the previous routes' tonnes in this version
     * ({@link #previousUnmetTerm}). So the stages after coverage give up at most tol of the optimal coverage to keep
     * previous routes, and never go below what the previous routes still cover when the optimum is at least that
     * (lifting a rule never lowers coverage). Relative slack 1e-9. The row has no route column, so pricing is unchanged.
     */
    private void coverageFloor(Stage coverage) {
        double z = unmetTerm(coverage.u), w = 0;
        for (Demand.NeedGroup g : demand.needs) w += g.weight() * g.tonnes();
        double tol = stability.coverageTolerance();
        double allowed = tol == 0 ? z : Math.min(z + tol * Math.max(0, w - z), Math.max(z, previousUnmetTerm()));
        MPConstraint row = newRow(-MPSolver.infinity(), allowed + 1e-9 * Math.max(1, Math.abs(allowed)), "coverage_floor");
        for (int n = 0; n < u.length; n++) row.setCoefficient(u[n], demand.needs.get(n).weight());
        for (MPVariable s : equitySlack.values()) row.setCoefficient(s, EQUITY_PENALTY);
    }

    /**
     * Z at unmet tonnes {@code us}: sum_n w_n u_n + EQUITY_PENALTY sum_l s_l with each location's least shortfall
     * s_l = max(0, (floor - 1) sum_{n at l} w_n need_n + sum_{n at l} w_n u_n).
     */
    private double unmetTerm(double[] us) {
        double z = 0;
        Map<String, Double> shortfall = new LinkedHashMap<>();
        for (int n = 0; n < us.length; n++) {
            Demand.NeedGroup g = demand.needs.get(n);
            z += g.weight() * us[n];
            if (options.equityFloor() > 0)
                shortfall.merge(g.location(), (options.equityFloor() - 1) * g.weight() * g.tonnes() + g.weight() * us[n], Double::sum);
        }
        for (double v : shortfall.values()) z += EQUITY_PENALTY * Math.max(0, v);
        return z;
    }

    /**
     * Z_prev: {@link #unmetTerm} when every previous route still in the pool carries its previous tonnes, under
     * this version's losses: u_n = max(0, need_n - sum_{k to n} keep_k previous_k). Routes the events removed carry
     * nothing; stock, fleet and capacity are not checked, so it can exceed what this version allows, and then
     * the floor is the optimum itself.
     */
    private double previousUnmetTerm() {
        double[] delivered = new double[u.length];
        for (Map.Entry<String, List<Integer>> e : keyed.entrySet()) {
            Double t = stability.previousTonnes().get(e.getKey());
            Candidate c = cands.get(e.getValue().get(0));
            if (t != null) delivered[c.need()] += c.keep() * t;
        }
        double[] us = new double[u.length];
        for (int n = 0; n < us.length; n++) us[n] = Math.max(0, demand.needs.get(n).tonnes() - delivered[n]);
        return unmetTerm(us);
    }

    /** The coverage stage's objective at {@code xs}, {@code us}: {@link #unmetTerm} + sum_r coverageCost_r x_r. */
    private double coverageObjectiveAt(double[] xs, double[] us) {
        double v = unmetTerm(us);
        for (int i = 0; i < xs.length; i++) if (xs[i] != 0) v += coverageCost(cands.get(i), options) * xs[i];
        return v;
    }

    /** Stage 2, expected diversion: min sum_r (1 - keep_r) x_r. */
    private static double diversionCost(Candidate c) { return c.lossShare(); }

    /** Stage 3, cost: min sum_r (x_r / payload_a) x km_r, loaded truck-km. */
    private double truckKmCost(Candidate c) { return c.km() / payload.get(c.agency()); }

    // ---------------- solving ----------------

    /** Outcome of the three stages. */
    record Solution(String status, double objective, double bound, double[] dispatched, double[] unmet,
                    Map<String, Long> stageMillis, AllocationResult.Duals duals, int columns, int pricingRounds) {}

    /**
     * Solves coverage, then diversion, then cost, each by column generation within what is left of
     * the time limit. A later stage that does not reach optimality leaves the previous stage's
     * (optimal) solution in place. Status OPTIMAL means the coverage LP is optimal over the whole pool.
     */
    Solution solve(SolveControl control, long deadlineNanos) {
        Map<String, Long> millis = new LinkedHashMap<>();
        boolean[] eligible = new boolean[cands.size()];
        java.util.Arrays.fill(eligible, true);

        lpObjective.setMinimization();
        unmetNeedObjective(lpObjective);
        ColumnCost coverage = c -> coverageCost(c, options);
        for (int i : initialColumns()) addColumn(i, coverage);
        for (List<Integer> rs : keyed.values()) for (int i : rs) if (x[i] == null) addColumn(i, coverage); // stability rows need them in the LP
        frozenTonnes();
        Stage s1 = generateColumns(coverage, eligible, control, deadlineNanos, millis, "lp.coverage", stability.isEmpty());
        if (s1.x == null) { // no usable LP solution within the time limit: the empty plan, all need unmet
            return new Solution(s1.status.toString(), emptyPlanObjective(), Math.max(0, s1.bound), new double[x.length], needTonnes(),
                    millis, emptyDuals(), columns, pricingRounds);
        }
        String status = s1.converged ? s1.status.toString() : "FEASIBLE";
        double objective = s1.objective;
        // Without convergence the restricted LP's value is only an upper bound; the best Lagrangian bound
        // of its rounds (see lagrangianBound) is a lower bound, and so is 0.
        double bound = s1.converged ? objective : Math.max(0, s1.bound);
        double[] bestX = s1.x, bestU = s1.u;
        AllocationResult.Duals duals = s1.duals;

        boolean heldCoverage = false; // a stability stage ran under a coverage floor
        if (s1.converged) {
            Stage face = s1;
            boolean deviationRows = stability.weight() > 0;
            if (deviationRows) stabilityDeviation(); // before the stability stage, whose face then covers them
            if (!deviations.isEmpty()) {
                // re-solve: keep coverage, then change as little as possible before the risk term picks among the optima
                coverageFloor(s1);
                ColumnCost keepCost = c -> coverageCost(c, options);
                restage(keepCost, coverageStabilityWeight());
                unmetNeedObjective(lpObjective, coverageScale()); // coverage below the optimum (within the floor) costs
                java.util.Arrays.fill(eligible, true);
                Stage s1b = generateColumns(keepCost, eligible, control, deadlineNanos, millis, "lp.stability", false);
                if (s1b.converged) {
                    heldCoverage = true;
                    face = s1b;
                    bestX = s1b.x;
                    bestU = s1b.u;
                } else { // keep the coverage stage's solution and end there, as for a later stage that does not converge
                    return new Solution(status, objective, bound, bestX, bestU, millis, duals, columns, pricingRounds);
                }
            }
            narrow(eligible, face.reducedCosts);
            fixOptimalFace(face);
            if (!deviationRows) stabilityDeviation();
            restage(AllocationLp::diversionCost);
            Stage s2 = generateColumns(AllocationLp::diversionCost, eligible, control, deadlineNanos, millis, "lp.diversion", false);
            if (s2.converged) {
                bestX = s2.x;
                bestU = s2.u;
                narrow(eligible, s2.reducedCosts);
                fixOptimalFace(s2);
                restage(this::truckKmCost);
                Stage s3 = generateColumns(this::truckKmCost, eligible, control, deadlineNanos, millis, "lp.cost", false);
                if (s3.converged) {
                    bestX = s3.x;
                    bestU = s3.u;
                }
            }
        }
        // after a stability stage the plan is one of the coverage floor's points, not the coverage stage's optimum (up to the
        // tolerance below it): report the plan's own value of the coverage objective, with that optimum as the bound
        if (heldCoverage) objective = Math.max(objective, coverageObjectiveAt(bestX, bestU));
        return new Solution(status, objective, bound, bestX, bestU, millis, duals, columns, pricingRounds);
    }

    /**
     * One stage's result: values, duals and pool reduced costs at its last LP, and the best lower bound
     * on the stage's optimum its rounds proved (-infinity when none).
     */
    private record Stage(MPSolver.ResultStatus status, boolean converged, double objective, double[] x, double[] u,
                         double[] reducedCosts, double[] varReducedCosts, double[] rowDuals, AllocationResult.Duals duals,
                         double bound) {
        Stage withBound(double b) {
            return new Stage(status, converged, objective, x, u, reducedCosts, varReducedCosts, rowDuals, duals, b);
        }

        static Stage none(MPSolver.ResultStatus status, double bound) {
            return new Stage(status, false, 0, null, null, null, null, null, emptyDuals(), bound);
        }
    }

    /**
     * The first LP's columns: the whole pool when small (and no {@link #start} is given), else per need the
     * {@link #INITIAL_PER_NEED} best candidates by route risk, then km (the pool's own order within each target),
     * and every candidate {@link #start} names.
     */
    private List<Integer> initialColumns() {
        List<Integer> out = new ArrayList<>();
        if (start == null && cands.size() <= fullPool) {
            for (int i = 0; i < cands.size(); i++) out.add(i);
            return out;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cands.size(); i++) order.add(i);
        order.sort(Comparator.comparingInt((Integer i) -> cands.get(i).need()).thenComparingDouble(i -> cands.get(i).risk())
                .thenComparingDouble(i -> cands.get(i).km()).thenComparingInt(i -> i));
        int lastNeed = -1, taken = 0;
        for (int i : order) {
            int n = cands.get(i).need();
            if (n != lastNeed) { lastNeed = n; taken = 0; }
            if (taken++ < INITIAL_PER_NEED || (start != null && start.test(cands.get(i)))) out.add(i);
        }
        out.sort(null);
        return out;
    }

    /**
     * Solves the current LP, prices every eligible pool column outside it with the LP's duals, adds
     * the most negative ones and repeats until none is negative (converged) or time runs out.
     */
    private Stage generateColumns(ColumnCost cost, boolean[] eligible, SolveControl control, long deadlineNanos,
                                  Map<String, Long> millis, String stage, boolean purging) {
        long t0 = System.nanoTime();
        Stage lastFeasible = null; // the last LP optimum that overloads no road: a valid plan if time runs out
        double bound = Double.NEGATIVE_INFINITY;
        try {
            while (true) {
                MPSolver.ResultStatus st = run(control, deadlineNanos);
                if (st != MPSolver.ResultStatus.OPTIMAL) {
                    if (lastFeasible != null) return lastFeasible.withBound(bound);
                    // FEASIBLE here means stopped by the time limit: no usable optimum
                    return Stage.none(st == MPSolver.ResultStatus.FEASIBLE ? MPSolver.ResultStatus.NOT_SOLVED : st, bound);
                }
                double objective = lpObjective.value();
                double[] y = rowDuals();
                double[] d = price(cost, y);
                bound = Math.max(bound, lagrangianBound(objective, d));
                double[] xs = values(x);
                List<Integer> overloaded = overloadedRoads(xs);
                List<Integer> entering = new ArrayList<>();
                for (int i = 0; i < d.length; i++) if (x[i] == null && eligible[i] && d[i] < -PRICE_TOLERANCE) entering.add(i);
                if (overloaded.isEmpty()) {
                    Stage here = new Stage(st, entering.isEmpty(), objective, xs, values(u), d, varReducedCosts(), allRowDuals(),
                            stage.equals("lp.coverage") ? duals(y, d) : null, bound);
                    if (entering.isEmpty() || System.nanoTime() > deadlineNanos) return here;
                    lastFeasible = here;
                } else if (System.nanoTime() > deadlineNanos) {
                    if (lastFeasible != null) return lastFeasible.withBound(bound);
                    return Stage.none(MPSolver.ResultStatus.NOT_SOLVED, bound);
                }
                pricingRounds++;
                if (purging && columns > PURGE_AT * solver.numConstraints()) purgeColumns(cost);
                for (int i : mostNegativePerNeed(entering, d, needOf, stability.isEmpty() ? 1 : RESOLVE_COLUMNS_PER_NEED, columns)) addColumn(i, cost);
                if (!overloaded.isEmpty()) roadCapacity(overloaded);
            }
        } finally {
            millis.merge(stage, (System.nanoTime() - t0) / 1_000_000, Long::sum);
        }
    }

    /**
     * Drops from the LP every column that sits at 0 with a positive reduced cost in the optimum just
     * found, by building the model again from the base rows, the capacity rows made so far and the
     * other columns (MPSolver cannot delete a variable). A simplex iteration costs time in proportion
     * to the LP's columns, and most priced-in columns are never used again: on the 100x instance the
     * LP grew to 5 columns per row and an iteration to 15 times its first cost. The dropped columns stay
     * in the pool and are priced again every round, so the stage still ends optimal over the whole
     * pool. GLOP then starts from scratch once (MPSolver's Java API cannot pass it a basis), which
     * costs less than the iterations on the larger LP. Only for the coverage stage of a cold solve:
     * later stages fix bounds on the model's variables, and a re-solve's stability rows name columns.
     */
    private void purgeColumns(ColumnCost cost) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < x.length; i++)
            if (x[i] != null && !(x[i].solutionValue() == 0 && x[i].reducedCost() > FACE_TOLERANCE)) kept.add(i);
        List<Integer> caps = new ArrayList<>();
        for (int e = 0; e < capacityRows.length; e++) if (capacityRows[e] != null) caps.add(e);
        solver.delete();
        java.util.Arrays.fill(x, null);
        java.util.Arrays.fill(capacityRows, null);
        baseModel();
        lpObjective.setMinimization();
        unmetNeedObjective(lpObjective);
        for (int e : caps) capacityRows[e] = capacityRow(e);
        columns = 0;
        for (int i : kept) addColumn(i, cost);
    }

    /**
     * The columns to add in one pricing round: for each need, its {@code perNeed} most negative columns (so that the
     * LP grows by at most that many columns per need and round, not by many near-copies of one route), then the
     * most negative of those first, at most max(5000, columns / 2) in all. Ties go to the lower pool index.
     */
    static List<Integer> mostNegativePerNeed(List<Integer> entering, double[] d, int[] needOf, int perNeed, int columns) {
        Comparator<Integer> best = Comparator.comparingDouble((Integer i) -> d[i]).thenComparingInt(i -> i);
        Map<Integer, List<Integer>> byNeed = new LinkedHashMap<>();
        for (int i : entering) {
            List<Integer> top = byNeed.computeIfAbsent(needOf[i], n -> new ArrayList<>(perNeed + 1));
            int at = 0;
            while (at < top.size() && best.compare(top.get(at), i) < 0) at++;
            if (at < perNeed) {
                top.add(at, i);
                if (top.size() > perNeed) top.remove(perNeed);
            }
        }
        List<Integer> chosen = new ArrayList<>();
        byNeed.values().forEach(chosen::addAll);
        chosen.sort(best);
        int most = Math.max(5_000, columns / 2);
        if (chosen.size() > most) chosen = new ArrayList<>(chosen.subList(0, most));
        chosen.sort(null);
        return chosen;
    }

    /**
     * Reduced cost of every pool column under row duals y: d_r = c_r - (y_stock + keep_r y_need
     * + sum_k entering_rk y_cap(e_k) + fleet_r y_fleet + budget_r y_budget).
     */
    private double[] price(ColumnCost cost, double[] y) {
        int stock0 = 0, need0 = stock0 + stockRows.length, fleet0 = need0 + needRows.length, cap0 = fleet0 + fleetRows.length;
        double yBudget = riskBudgetRow == null ? 0 : y[y.length - 1];
        double[] d = new double[cands.size()];
        for (int i = 0; i < d.length; i++) {
            Candidate c = cands.get(i);
            double dual = y[stock0 + c.lot()] + c.keep() * y[need0 + c.need()] + fleetCoef[i] * y[fleet0 + agencyOf[i]];
            int[] roads = legRoads[i];
            for (int k = 0; k < roads.length; k++) dual += c.entering()[k] * y[cap0 + roads[k]];
            if (riskBudgetRow != null) dual += riskBudgetCoefficient(c) * yBudget;
            d[i] = cost.of(c) - dual;
        }
        return d;
    }

    /**
     * Lagrangian lower bound on the stage's optimum over the whole pool, from an optimum z of the
     * restricted LP and the pool's reduced costs d under its duals: z + sum_r min(0, d_r) U_r with
     * U_r = min(stock of r's lot, need of r's need / keep_r) >= any feasible x_r. Valid because the
     * restricted LP's duals (0 for capacity rows not yet made) price every column, and a column
     * outside the LP can lower the objective by at most d_r per tonne on at most U_r tonnes.
     * Used when time runs out before pricing converges; equal to z once no column prices in.
     */
    private double lagrangianBound(double z, double[] d) {
        double b = z;
        for (int i = 0; i < d.length; i++) {
            if (x[i] != null || d[i] >= 0) continue;
            Candidate c = cands.get(i);
            double most = demand.lots.get(c.lot()).tonnes();
            if (c.keep() > 0) most = Math.min(most, demand.needs.get(c.need()).tonnes() / c.keep());
            b += d[i] * most;
        }
        return b;
    }

    /**
     * Coverage objective of the empty plan (x = 0, u = need): sum_n w_n need_n, plus the equity
     * penalty on every floor, which then falls short by its whole amount.
     */
    private double emptyPlanObjective() {
        double v = 0;
        for (Demand.NeedGroup g : demand.needs) v += g.weight() * g.tonnes();
        if (options.equityFloor() > 0) v += EQUITY_PENALTY * options.equityFloor() * v;
        return v;
    }

    /** Duals of the rows columns touch, in the order price() reads them (0 for rows not made yet). */
    private double[] rowDuals() {
        double[] y = new double[stockRows.length + needRows.length + fleetRows.length + capacityRows.length + 1];
        int k = 0;
        for (MPConstraint r : stockRows) y[k++] = r.dualValue();
        for (MPConstraint r : needRows) y[k++] = r.dualValue();
        for (MPConstraint r : fleetRows) y[k++] = r.dualValue();
        for (MPConstraint r : capacityRows) y[k++] = r == null ? 0 : r.dualValue();
        y[k] = riskBudgetRow == null ? 0 : riskBudgetRow.dualValue();
        return y;
    }

    /** Only columns with zero reduced cost in this stage can be non-zero in its optima. */
    private void narrow(boolean[] eligible, double[] d) {
        for (int i = 0; i < d.length; i++) if (d[i] > FACE_TOLERANCE) eligible[i] = false;
    }

    /** The next stage's objective: {@code cost} on every column in the LP, plus the stability term. */
    private void restage(ColumnCost cost) { restage(cost, stability.weight()); }

    /** {@code cost} on every column in the LP, plus {@code weight} x sum_k (d+_k + d-_k). */
    private void restage(ColumnCost cost, double weight) {
        MPObjective obj = lpObjective;
        obj.clear();
        obj.setMinimization();
        for (int i = 0; i < x.length; i++) if (x[i] != null) obj.setCoefficient(x[i], cost.of(cands.get(i)));
        stabilityObjective(obj, weight);
    }

    /**
     * Restricts the model to the optimal face of the stage just solved, exactly and without a
     * tolerance row: by complementary slackness a feasible point is optimal iff x_j sits at its
     * bound wherever the reduced cost d_j != 0 and row i is tight wherever its dual y_i != 0. So
     * fixing those variables and tightening those rows keeps every optimum of this stage, and only
     * those, for the next stage's objective. |d|, |y| below {@link #FACE_TOLERANCE} count as zero.
     */
    private void fixOptimalFace(Stage s) {
        double[] d = s.varReducedCosts, y = s.rowDuals; // read before any change, in the solver's order
        for (int j = 0; j < d.length; j++) {
            MPVariable v = allVars.get(j);
            if (d[j] > FACE_TOLERANCE) v.setUb(v.lb());
            else if (d[j] < -FACE_TOLERANCE && v.ub() < MPSolver.infinity()) v.setLb(v.ub());
        }
        for (int i = 0; i < y.length; i++) {
            MPConstraint c = allRows.get(i);
            if (Math.abs(y[i]) <= FACE_TOLERANCE || c.lb() == c.ub()) continue;
            if (c.lb() == -MPSolver.infinity()) c.setLb(c.ub());
            else if (c.ub() == MPSolver.infinity()) c.setUb(c.lb());
        }
    }

    private MPSolver.ResultStatus run(SolveControl control, long deadlineNanos) {
        long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        solver.setTimeLimit(left);
        CancelWatch watch = control == SolveControl.NONE ? null : new CancelWatch(control);
        MPSolver.ResultStatus st;
        try {
            st = solver.solve();
        } finally {
            if (watch != null) watch.stop();
        }
        if (control.cancelled()) throw new SolveControl.SolveCancelledException("allocate");
        return st;
    }

    /**
     * Passes a cancellation to GLOP's interrupt hook while one LP runs: a check every
     * {@link #CANCEL_POLL_MILLIS} ms on one daemon thread shared by every LP of the JVM. (A thread of its own per
     * LP, as before, was started and ended some hundred times per explanation; with {@link SolveControl#NONE},
     * which never cancels, nothing is watched.)
     */
    private final class CancelWatch {
        private final ScheduledFuture<?> check;
        private boolean live = true; // guarded by this: no interrupt reaches the solver once its run is over

        CancelWatch(SolveControl control) {
            check = CANCEL_WATCHER.scheduleWithFixedDelay(() -> {
                synchronized (this) {
                    if (live && control.cancelled()) solver.interruptSolve();
                }
            }, CANCEL_POLL_MILLIS, CANCEL_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }

        synchronized void stop() {
            live = false;
            check.cancel(false);
        }
    }

    /** How often a running LP checks its solve's cancellation. */
    private static final long CANCEL_POLL_MILLIS = 20;

    private static final ScheduledThreadPoolExecutor CANCEL_WATCHER = cancelWatcher();

    private static ScheduledThreadPoolExecutor cancelWatcher() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "corridor-lp-cancel");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true); // a finished LP's check leaves the queue at once
        return e;
    }

    /** Shadow prices by row key, from the duals y in price() order and the pool's reduced costs d. */
    private AllocationResult.Duals duals(double[] y, double[] d) {
        Map<String, Double> stock = new LinkedHashMap<>(), need = new LinkedHashMap<>(), fleet = new LinkedHashMap<>(),
                roadCapacity = new LinkedHashMap<>(), directed = new LinkedHashMap<>(), reduced = new LinkedHashMap<>();
        int k = 0;
        for (Demand.Lot l : demand.lots) stock.put(l.key(), y[k++]);
        for (Demand.NeedGroup n : demand.needs) need.put(n.key(), y[k++]);
        for (Agency a : agencies) fleet.put(a.id(), y[k++]);
        for (int e = 0; e < capacityRows.length; e++, k++) {
            if (capacityRows[e] == null) continue;
            roadCapacity.merge(roadIds[e / 2], y[k], Double::sum);
            org.corridor.scenario.Road road = net.roads().get(roadIds[e / 2]).road();
            directed.put(AllocationResult.Duals.directed(road.id(), e % 2 == 0 ? road.to() : road.from()), y[k]);
        }
        if (routeReducedCosts) for (int i = 0; i < x.length; i++) if (x[i] != null) reduced.put(cands.get(i).key(), d[i]);
        return new AllocationResult.Duals(roadCapacity, stock, fleet, need, y[k], reduced, directed);
    }

    private double[] varReducedCosts() {
        double[] out = new double[allVars.size()];
        for (int j = 0; j < out.length; j++) out[j] = allVars.get(j).reducedCost();
        return out;
    }

    private double[] allRowDuals() {
        double[] out = new double[allRows.size()];
        for (int i = 0; i < out.length; i++) out[i] = allRows.get(i).dualValue();
        return out;
    }

    private static AllocationResult.Duals emptyDuals() {
        return new AllocationResult.Duals(Map.of(), Map.of(), Map.of(), Map.of(), 0, Map.of(), Map.of());
    }

    private double[] needTonnes() {
        double[] out = new double[u.length];
        for (int n = 0; n < u.length; n++) out[n] = demand.needs.get(n).tonnes();
        return out;
    }

    /** Solution values; 0 for pool columns outside the LP. */
    private static double[] values(MPVariable[] vs) {
        double[] out = new double[vs.length];
        for (int i = 0; i < vs.length; i++) out[i] = vs[i] == null ? 0 : vs[i].solutionValue();
        return out;
    }

    @Override public void close() { solver.delete(); }
}
