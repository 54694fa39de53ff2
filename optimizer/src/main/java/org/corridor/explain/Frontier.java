package org.corridor.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;

/**
 * The risk frontier: one allocation per risk budget (expected diversion as a share of dispatched
 * tonnes), solved concurrently, and the points no other point beats on coverage, expected
 * diversion and cost together (all three are allocation KPIs); those points then get convoys and
 * last mile, so each is a full plan. A coordinator reads off what each point of risk buys and
 * adopts any point's plan as it is.
 *
 * <p>Thread-safe: every call has its own pool; each plan is solved single-threaded on one worker,
 * and points are merged in budget order, so the report does not depend on the thread count.
 */
public final class Frontier {
    private Frontier() {}

    /**
     * Solves {@code scenario} once per budget in {@code budgets} (other options as given; the
     * {@code riskBudget} of {@code options} is ignored) on {@code options.threads()} workers.
     *
     * @param budgets risk budgets in [0, 1]; duplicates are solved once; at least one
     * @throws IllegalArgumentException when {@code budgets} is empty or a budget is outside [0, 1]
     * @throws SolveControl.SolveCancelledException when {@code control} cancels
     */
    public static FrontierReport solve(Scenario scenario, SolveOptions options, List<Double> budgets, SolveControl control) {
        if (budgets == null || budgets.isEmpty()) throw new IllegalArgumentException("the frontier needs at least one risk budget");
        for (Double b : budgets)
            if (b == null || !(b >= 0 && b <= 1)) throw new IllegalArgumentException("risk budgets must be in [0, 1] (got " + b + ")");
        List<Double> sorted = new ArrayList<>(new TreeSet<>(budgets));
        long t0 = System.nanoTime();
        try (WorkerPool pool = new WorkerPool(options.effectiveThreads())) {
            // the KPIs compared are the allocation's: only the points that survive get convoys and last mile
            List<Planner.Outcome> allocated = pool.map("frontier", sorted,
                    b -> Planner.allocate(scenario, atBudget(options, b), control), control);
            List<Plan> plans = new ArrayList<>();
            for (Planner.Outcome o : allocated) plans.add(o.plan());
            // a plan whose LP did not solve is not a point anyone can adopt: it is listed as failed
            List<Integer> solved = new ArrayList<>();
            List<FrontierReport.Failed> failed = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                String status = plans.get(i).solver().status();
                if ("OPTIMAL".equals(status) || "FEASIBLE".equals(status)) solved.add(i);
                else failed.add(new FrontierReport.Failed(sorted.get(i), status));
            }
            List<Integer> onFrontier = new ArrayList<>();
            List<FrontierReport.Dominated> dominated = new ArrayList<>();
            for (int i : solved) {
                Integer by = dominator(plans, solved, i);
                Plan.Kpis k = plans.get(i).kpis();
                if (by == null) onFrontier.add(i);
                else dominated.add(new FrontierReport.Dominated(sorted.get(i), k.coverage(), k.expectedDiversionTonnes(), k.cost(), sorted.get(by)));
            }
            List<Plan> full = pool.map("frontier", onFrontier,
                    i -> Planner.complete(scenario, atBudget(options, sorted.get(i)), allocated.get(i), control).plan(), control);
            List<FrontierReport.Point> points = new ArrayList<>();
            for (int j = 0; j < onFrontier.size(); j++) {
                Plan.Kpis k = full.get(j).kpis();
                points.add(new FrontierReport.Point(sorted.get(onFrontier.get(j)), k.coverage(), k.expectedDiversionTonnes(), k.cost(),
                        k.peopleReached(), full.get(j)));
            }
            return new FrontierReport(scenario.name(), points, dominated, failed,
                    new FrontierReport.RunRecord(pool.threads(), Map.of("frontier", (System.nanoTime() - t0) / 1_000_000)));
        }
    }

    /** The options with {@code budget} as risk budget and one thread (the pool runs plans side by side). */
    static SolveOptions atBudget(SolveOptions o, double budget) {
        return new SolveOptions(o.horizonDays(), budget, o.riskWeight(), o.routeRiskCap(), o.equityFloor(), o.timeLimitSeconds(), 1, o.seed());
    }

    /** Index of the first solved plan that dominates plan {@code i}, or null when none does. */
    private static Integer dominator(List<Plan> plans, List<Integer> solved, int i) {
        for (int j : solved) if (j != i && dominates(plans.get(j).kpis(), plans.get(i).kpis())) return j;
        return null;
    }

    /**
     * a dominates b: coverage(a) >= coverage(b), diversion(a) <= diversion(b), cost(a) <= cost(b), and
     * strictly better in at least one of the three.
     */
    static boolean dominates(Plan.Kpis a, Plan.Kpis b) {
        boolean noWorse = a.coverage() >= b.coverage() && a.expectedDiversionTonnes() <= b.expectedDiversionTonnes() && a.cost() <= b.cost();
        boolean better = a.coverage() > b.coverage() || a.expectedDiversionTonnes() < b.expectedDiversionTonnes() || a.cost() < b.cost();
        return noWorse && better;
    }
}
