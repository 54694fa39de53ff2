package org.corridor.explain;

import java.util.List;
import java.util.Map;
import org.corridor.plan.Plan;

/**
 * The risk frontier as a wire format ({@code data/schemas/frontier.schema.json}): the non-dominated
 * plans over (coverage up, expected diversion down, cost down), each a full plan, and the solved
 * budgets whose plans another point beats, with the budget that beats them.
 *
 * @param scenario  scenario name
 * @param points    non-dominated points by rising risk budget
 * @param dominated dominated points by rising risk budget (no plan: adopt the dominating one)
 * @param failed    budgets whose LP did not reach a solution (status other than OPTIMAL or FEASIBLE)
 * @param run       threads and wall time (excluded from determinism)
 */
public record FrontierReport(String scenario, List<Point> points, List<Dominated> dominated, List<Failed> failed, RunRecord run) {
    public FrontierReport {
        points = List.copyOf(points);
        dominated = List.copyOf(dominated);
        failed = List.copyOf(failed);
    }

    /**
     * One adoptable plan on the frontier.
     *
     * @param riskBudget              the budget it was solved under
     * @param coverage                severity-weighted coverage
     * @param expectedDiversionTonnes expected diverted tonnes
     * @param cost                    truck-days (the plan's cost KPI)
     * @param peopleReached           people reached
     * @param plan                    the full plan
     */
    public record Point(double riskBudget, double coverage, double expectedDiversionTonnes, double cost, long peopleReached, Plan plan) {}

    /** A budget whose plan the point solved at {@code dominatedBy} beats. */
    public record Dominated(double riskBudget, double coverage, double expectedDiversionTonnes, double cost, double dominatedBy) {}

    /** A budget whose plan could not be solved, with the LP's status. */
    public record Failed(double riskBudget, String status) {}

    /** How the frontier was computed. */
    public record RunRecord(int threads, Map<String, Long> stageMillis) {}
}
