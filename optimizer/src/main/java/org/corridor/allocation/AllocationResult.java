package org.corridor.allocation;

import java.util.List;
import java.util.Map;
import org.corridor.plan.Plan;

/**
 * What the allocation stage produced: the plan's routes, unmet need and KPIs, the LP's status and
 * objective, per-stage timings, and the shadow prices the explain stage reads.
 *
 * @param routes       routes with non-zero tonnes, sorted and numbered
 * @param unmet        unmet need per (location, commodity), sorted by location then commodity
 * @param kpis         headline numbers, recomputed from the rounded routes
 * @param status       status of the first (coverage) LP: OPTIMAL, FEASIBLE, INFEASIBLE, ...
 * @param objective    optimal value of the first LP: sum_n w_n u_n + equity and risk-weight terms
 * @param bound        best bound of the first LP (equal to the objective when OPTIMAL)
 * @param stageMillis  wall time of routes, model building and each LP, in pipeline order
 * @param candidates   size of the candidate route pool the LP priced
 * @param lpColumns    route columns the LP ended with (column generation adds them from the pool)
 * @param pricingRounds LP re-solves after adding columns or capacity rows, over all stages
 * @param duals        shadow prices of the first LP
 * @param routePool    the compiled network and candidate routes, for a later re-solve to take over what its events leave
 *                     unchanged ({@link Allocator#allocate(org.corridor.network.CompiledNetwork, org.corridor.solve.SolveOptions,
 *                     org.corridor.solve.WorkerPool, org.corridor.solve.SolveControl, Stability, RoutePool)}); null for a
 *                     relaxation's allocation (explanations)
 */
public record AllocationResult(List<Plan.Route> routes, List<Plan.Unmet> unmet, Plan.Kpis kpis, String status,
                               double objective, double bound, Map<String, Long> stageMillis, int candidates, int lpColumns,
                               int pricingRounds, Duals duals, RoutePool routePool) {
    public AllocationResult {
        routes = List.copyOf(routes);
        unmet = List.copyOf(unmet);
        stageMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageMillis));
    }

    /**
     * Shadow prices of the coverage LP (minimisation of severity-weighted unmet need), as GLOP reports
     * them: d(objective)/d(right-hand side). A negative value on a capacity row is the weighted tonnes
     * of unmet need one more tonne of capacity would save; zero on rows that do not bind. Only rows
     * that exist in the LP appear (a road no candidate uses has no row).
     *
     * @param roadCapacity     by road id: the sum of the duals of its two direction rows, i.e. what one more
     *                         tonne of capacity on the road (in each direction) is worth
     * @param directedRoadCapacity by {@link #directed directed road key}: the dual of the row
     *                         sum_{r driving e in direction h} enter_{r,e} x_r <= openCapacity_e, the term a
     *                         route driving that road in that direction prices with
     * @param stock            by "agency|location|commodity|availableFromDay": row sum x <= stock
     * @param fleet            by agency id: row sum x_r rt_r / payload <= trucks x horizon
     * @param need             by "location|commodity": row sum keep_r x_r + u = need
     * @param riskBudget       row sum_r (1 - keep_r - B) x_r <= 0 of the risk budget B (0 when no budget is set)
     * @param routeReducedCost by candidate key "agency|commodity|origin|destination|stockReadyDay|road,road,...":
     *                         reduced cost of each candidate column (>= 0 at optimum; 0 for used routes); empty for
     *                         the re-solve of a relaxation ({@link Allocator#allocate(org.corridor.network.CompiledNetwork,
     *                         org.corridor.solve.SolveOptions, org.corridor.solve.WorkerPool, org.corridor.solve.SolveControl, Allocator.RelaxationBase,
     *                         Allocator.RouteFilter)})
     */
    public record Duals(Map<String, Double> roadCapacity, Map<String, Double> stock, Map<String, Double> fleet,
                        Map<String, Double> need, double riskBudget, Map<String, Double> routeReducedCost,
                        Map<String, Double> directedRoadCapacity) {
        public Duals {
            roadCapacity = Map.copyOf(roadCapacity);
            directedRoadCapacity = Map.copyOf(directedRoadCapacity);
            stock = Map.copyOf(stock);
            fleet = Map.copyOf(fleet);
            need = Map.copyOf(need);
            routeReducedCost = Map.copyOf(routeReducedCost);
        }

        /** Key of road {@code road} driven towards its end {@code to}: "road>to". */
        public static String directed(String road, String to) { return road + ">" + to; }
    }
}
