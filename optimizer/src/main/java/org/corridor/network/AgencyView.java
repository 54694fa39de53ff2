package org.corridor.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.corridor.network.CompiledNetwork.Arc;
import org.corridor.network.CompiledNetwork.EffectiveRoad;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;

/**
 * The road graph as one agency may use it over the horizon: a directed multigraph whose vertices are
 * the locations the agency can be at on some day of the horizon and whose edges ({@link Arc}) are
 * the roads open on some day, in each drivable direction, with the agency's effective risk.
 *
 * <p>Admissibility is by construction: an area denied to the agency for the whole horizon, an entry
 * point closed for the whole horizon, or a road closed for the whole horizon is simply absent. Rules
 * valid on part of the horizon leave the element in the graph and instead give day windows that the
 * travel days of a route must avoid ({@link #earliestDeparture}).
 *
 * <p>Immutable and safe to read from several threads.
 */
public final class AgencyView {
    private final Agency agency;
    private final Graph<String, Arc> graph;
    private final Map<String, List<DayWindow>> nodeBlocks;
    private final RuleEffects effects;
    private final Map<String, Location> locations;
    private final Map<String, EffectiveRoad> roads;
    private final int horizon;

    AgencyView(Agency agency, Graph<String, Arc> graph, Map<String, List<DayWindow>> nodeBlocks, RuleEffects effects,
               Map<String, Location> locations, Map<String, EffectiveRoad> roads, int horizon) {
        this.agency = agency;
        this.graph = new AsUnmodifiableGraph<>(graph);
        this.nodeBlocks = nodeBlocks;
        this.effects = effects;
        this.locations = locations;
        this.roads = roads;
        this.horizon = horizon;
    }

    public Agency agency() { return agency; }

    /** The admissible directed graph (read-only). */
    public Graph<String, Arc> graph() { return graph; }

    /** True when the agency can be at {@code location} on at least one day of the horizon. */
    public boolean canUse(String location) { return graph.containsVertex(location); }

    /** Province of a location. */
    public String provinceOf(String location) { return locations.get(location).province(); }

    /**
     * Static commodity check at the destination: a commodity that needs women staff can be delivered
     * to a province only by an agency fielding women staff there.
     */
    public boolean fieldsStaffFor(Commodity commodity, String destination) {
        return !commodity.needsWomenStaff() || agency.fieldsWomenStaffIn(provinceOf(destination));
    }

    /** Days of permit delay before a route from {@code origin} along {@code path} may leave. */
    public int permitDelayDays(String origin, List<Arc> path) {
        List<String> entered = new ArrayList<>();
        String current = provinceOf(origin);
        for (Arc a : path) {
            String p = provinceOf(a.to());
            if (!p.equals(current) && !entered.contains(p)) entered.add(p);
            current = p;
        }
        return effects.permitDelayDays(agency.id(), entered);
    }

    /**
     * The earliest day >= {@code readyDay} + permit delay on which cargo of {@code commodity} can leave
     * {@code origin} along {@code path} such that none of its travel days [dep, dep + travel days]
     * falls in a window that blocks it: a road closed, a location closed to the agency (entry point
     * closed, area denied), the commodity restricted in a province it enters, or (for women-staff
     * commodities) a women-staff bar at the destination that does not exempt the agency.
     *
     * @return that day, or -1 when no such day lies inside the horizon
     */
    public int earliestDeparture(String origin, List<Arc> path, Commodity commodity, int readyDay) {
        List<DayWindow> blocks = new ArrayList<>(nodeBlocks.getOrDefault(origin, List.of()));
        double hours = 0;
        for (Arc a : path) {
            hours += a.hours();
            blocks.addAll(roads.get(a.road()).closedWindows());
            blocks.addAll(nodeBlocks.getOrDefault(a.to(), List.of()));
        }
        // A zero-leg route hands stock out where it lies: the restriction of that province applies.
        List<String> provinces = path.isEmpty() ? List.of(provinceOf(origin)) : CompiledNetwork.provincesAfterOrigin(path, locations);
        for (String p : provinces) blocks.addAll(effects.commodityBans(commodity.id(), p));
        if (commodity.needsWomenStaff()) {
            String dest = path.isEmpty() ? origin : path.get(path.size() - 1).to();
            blocks.addAll(effects.womenBarsAgainst(agency.id(), provinceOf(dest)));
        }
        int travel = CompiledNetwork.travelDays(hours);
        int dep = readyDay + permitDelayDays(origin, path);
        boolean moved = true;
        while (moved && dep < horizon) {
            moved = false;
            for (DayWindow w : blocks) {
                if (w.fromDay() <= dep + travel && w.toDay() >= dep) {
                    dep = w.toDay() + 1;
                    moved = true;
                }
            }
        }
        return dep < horizon ? dep : -1;
    }
}
