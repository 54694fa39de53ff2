package org.corridor.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.allocation.AllocationResult;
import org.corridor.allocation.Allocator.RouteColumn;
import org.corridor.network.CompiledNetwork;
import org.corridor.plan.Plan;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Stock;

/**
 * The fast, first-order estimate of what lifting an access rule is worth, from the duals y of the
 * plan's coverage LP (min sum w u; y = d objective / d right-hand side). A route column j of the
 * relaxed network is priced at its reduced cost under those duals:
 * <pre>  d_j = cost_j - y_lot - keep_j y_need - sum_k enter_jk y_road_k - (truck-days/t)_j y_fleet - b_j y_budget</pre>
 * and the estimate adds three parts ({@link Explanation.EstimateBasis}):
 * <ul>
 *   <li>capacity restored: sum_e -y_e x (open capacity without the rule - with it), for roads with a row;</li>
 *   <li>better routes: a route the plan uses whose coefficients improve (less risk, no permit) saves
 *       x_j (d_j before - d_j after), the lot's dual cancelling;</li>
 *   <li>new routes: routes that price out (d_j &lt; 0), greedily by most negative d_j, each taking
 *       theta = min(need left / keep, lot, road capacity left / enter, fleet left / truck-days per t)
 *       and saving -d_j theta.</li>
 * </ul>
 * The routes priced are those of the network with every rule lifted on which the lifted rule, and
 * no other rule, bears ({@link RuleReach}): their coefficients are those they have once that rule
 * alone is lifted, and no route generation runs per rule, which is what makes the estimate fast.
 * What it can see: capacity restored, risks and hours that improve, and routes that open, all
 * priced at the plan's shadow prices. What it cannot see: that the duals change once a new route
 * fills its need or exhausts a second resource (basis changes), so a large concession is
 * over-estimated; routes on which another rule also bears (a route through a closed road and a
 * permit province is not priced for either); routes the generator does not produce; and rows with
 * no dual because no route of the plan's LP touched them (priced at zero). The re-solve is the
 * confirmed value.
 *
 * <p>Immutable after construction; {@link #estimate} is thread-safe.
 */
final class DualPricing {
    /** Reduced costs above this (in weighted tonnes per tonne) do not count as pricing out. */
    static final double PRICE_TOLERANCE = 1e-9;

    private final AllocationResult.Duals y;
    private final Map<String, RouteColumn> basePaths = new LinkedHashMap<>();
    private final Map<String, Double> pathFlow = new LinkedHashMap<>();
    private final Map<String, Double> unmet = new LinkedHashMap<>();
    private final Map<String, Double> lotTonnes = new LinkedHashMap<>();
    private final Map<String, Double> roadUsed = new LinkedHashMap<>();
    private final Map<String, Double> baseCapacity = new LinkedHashMap<>();
    private final Map<String, Double> fleetTruckDays = new LinkedHashMap<>();

    DualPricing(CompiledNetwork base, AllocationResult alloc, List<RouteColumn> baseColumns) {
        this.y = alloc.duals();
        for (RouteColumn c : baseColumns) basePaths.putIfAbsent(pathKey(c), c);
        for (Plan.Route r : alloc.routes()) {
            pathFlow.merge(pathKey(r), r.tonnesDispatched(), Double::sum);
            for (Plan.Leg l : r.legs()) roadUsed.merge(l.road(), l.tonnesIn(), Double::sum);
        }
        for (Plan.Unmet u : alloc.unmet()) unmet.put(u.location() + "|" + u.commodity(), u.tonnes());
        for (Stock s : base.scenario().stocks())
            lotTonnes.merge(s.agency() + "|" + s.location() + "|" + s.commodity() + "|" + s.availableFromDay(), s.tonnes(), Double::sum);
        base.roads().forEach((id, e) -> baseCapacity.put(id, e.openCapacity()));
        for (Agency a : base.scenario().agencies()) fleetTruckDays.put(a.id(), (double) a.truckCount() * base.horizonDays());
    }

    /** Reduced cost of {@code c} under the base duals (see the class comment). */
    double reducedCost(RouteColumn c) {
        return lotFreeCost(c) - dual(y.stock(), c.stockLot());
    }

    /** The reduced cost without the stock lot's term: cost - keep y_need - sum enter y_road - tdpt y_fleet - b y_budget. */
    private double lotFreeCost(RouteColumn c) {
        double d = c.coverageCost() - c.keep() * dual(y.need(), c.need());
        for (int k = 0; k < c.roads().size(); k++) d -= c.entering().get(k) * dual(y.directedRoadCapacity(), c.directedRoads().get(k));
        d -= c.truckDaysPerTonne() * dual(y.fleet(), c.agency());
        d -= c.riskBudgetCoefficient() * y.riskBudget();
        return d;
    }

    /**
     * Estimate, in severity-weighted tonnes of unmet need saved, of replacing the base network by
     * {@code relaxed}, where {@code opened} are the routes that change: new ones, or ones the plan
     * uses with better coefficients.
     */
    Explanation.EstimateBasis estimate(CompiledNetwork relaxed, List<RouteColumn> opened) {
        Map<String, Double> capLeft = new LinkedHashMap<>();
        double capacity = 0;
        for (Map.Entry<String, CompiledNetwork.EffectiveRoad> e : relaxed.roads().entrySet()) {
            String road = e.getKey();
            double before = baseCapacity.getOrDefault(road, 0.0), after = e.getValue().openCapacity();
            double restored = Math.max(0, after - before);
            double price = -dual(y.roadCapacity(), road);
            if (price > PRICE_TOLERANCE) capacity += price * restored;
            // a binding road can be emptied of other uses at its price; a slack one offers only its slack
            capLeft.put(road, price > PRICE_TOLERANCE ? after : after - roadUsed.getOrDefault(road, 0.0));
        }

        Map<String, Double> needLeft = new LinkedHashMap<>(unmet);
        double better = 0;
        List<RouteColumn> priced = new ArrayList<>();
        Map<String, Boolean> seenPath = new LinkedHashMap<>();
        for (RouteColumn c : opened) {
            String path = pathKey(c);
            double flow = pathFlow.getOrDefault(path, 0.0);
            if (flow > 0) {
                if (seenPath.put(path, Boolean.TRUE) != null) continue;
                RouteColumn old = basePaths.get(path);
                better += flow * (lotFreeCost(old) - lotFreeCost(c));
                needLeft.computeIfPresent(c.need(), (k, v) -> Math.max(0, v - flow * (c.keep() - old.keep())));
            } else if (reducedCost(c) < -PRICE_TOLERANCE) {
                priced.add(c);
            }
        }

        priced.sort(Comparator.comparingDouble(this::reducedCost).thenComparing(RouteColumn::key));
        Map<String, Double> lotLeft = new LinkedHashMap<>(lotTonnes);
        Map<String, Double> fleetLeft = new LinkedHashMap<>(fleetTruckDays);
        double fresh = 0;
        for (RouteColumn c : priced) {
            double theta = needLeft.getOrDefault(c.need(), 0.0) / c.keep();
            theta = Math.min(theta, lotLeft.getOrDefault(c.stockLot(), 0.0));
            for (int k = 0; k < c.roads().size(); k++)
                theta = Math.min(theta, Math.max(0, capLeft.getOrDefault(c.roads().get(k), 0.0)) / c.entering().get(k));
            if (c.truckDaysPerTonne() > 0) theta = Math.min(theta, fleetLeft.getOrDefault(c.agency(), 0.0) / c.truckDaysPerTonne());
            if (!(theta > 0)) continue;
            fresh += -reducedCost(c) * theta;
            double used = theta;
            needLeft.merge(c.need(), -used * c.keep(), Double::sum);
            lotLeft.merge(c.stockLot(), -used, Double::sum);
            for (int k = 0; k < c.roads().size(); k++) capLeft.merge(c.roads().get(k), -used * c.entering().get(k), Double::sum);
            fleetLeft.merge(c.agency(), -used * c.truckDaysPerTonne(), Double::sum);
        }
        return new Explanation.EstimateBasis(round(capacity), round(better), round(fresh), priced.size());
    }

    private static double dual(Map<String, Double> duals, String key) { return duals.getOrDefault(key, 0.0); }

    /** A route's path without its stock lot: agency|commodity|origin|destination|roads. */
    static String pathKey(RouteColumn c) {
        return c.agency() + "|" + c.commodity() + "|" + c.origin() + "|" + c.destination() + "|" + String.join(",", c.roads());
    }

    static String pathKey(Plan.Route r) {
        List<String> roads = new ArrayList<>();
        for (Plan.Leg l : r.legs()) roads.add(l.road());
        return r.agency() + "|" + r.commodity() + "|" + r.origin() + "|" + r.destination() + "|" + String.join(",", roads);
    }

    static double round(double v) {
        double r = Math.round(v * 1e6) / 1e6;
        return r == 0 ? 0.0 : r;
    }
}
