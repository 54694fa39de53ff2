package org.corridor.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.access.AccessRule;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedMultigraph;

/**
 * A scenario compiled for one planning horizon: every road with its effective risk, hours and open
 * capacity, and one admissible directed view of the road graph per agency. Access rules enter here
 * and only here ({@link RuleEffects} has one small method per rule type).
 *
 * <p>Time: a rule acts only on the days of its validity inside [0, horizon). Capacities count open
 * days exactly; risks and hours are the expectation over a dispatch spread evenly over the horizon
 * (a rule active on a share f of the days applies to a share f of the cargo); rules that block
 * (closures, denials, restrictions) also give day windows that a route's travel days must avoid
 * ({@link AgencyView.RouteTiming#earliestDeparture}).
 *
 * <p>Immutable and thread-safe after {@link #compile}: the graphs are never modified, so route
 * generation reads them from several threads at once.
 */
public final class CompiledNetwork {
    /** Daylight driving hours per day: travel days = ceil(hours / 8). */
    public static final double DRIVING_HOURS_PER_DAY = 8.0;

    private final Scenario scenario;
    private final int horizonDays;
    private final Map<String, EffectiveRoad> roads;
    private final Map<String, AgencyView> views;

    private CompiledNetwork(Scenario scenario, int horizonDays, Map<String, EffectiveRoad> roads, Map<String, AgencyView> views) {
        this.scenario = scenario;
        this.horizonDays = horizonDays;
        this.roads = Collections.unmodifiableMap(roads);
        this.views = Collections.unmodifiableMap(views);
    }

    /**
     * Compiles {@code scenario} for a plan covering days [0, horizonDays).
     *
     * @throws IllegalArgumentException if the horizon is not 1..3650 days
     */
    public static CompiledNetwork compile(Scenario scenario, int horizonDays) {
        return compile(scenario, horizonDays, null);
    }

    /**
     * Compiles {@code scenario} as above, taking over each agency view of {@code previous} (a network compiled for
     * another version of the scenario, or null) that would be built again exactly as it is: same agency, locations,
     * horizon, usable locations and arcs (road, ends, km, hours, risk, in order), day windows at its locations and on
     * its roads, and the permits, commodity bans and women-staff bars its route timing reads. Such a view is the one
     * a fresh compile gives, so the network is the same either way; a re-solve after events that reach only some
     * agencies (or none, as a stock or need change) builds only theirs, and keeps their candidate routes
     * ({@code RoutePool}) where their views stay the same object.
     */
    public static CompiledNetwork compile(Scenario scenario, int horizonDays, CompiledNetwork previous) {
        if (horizonDays < 1 || horizonDays > 3650) throw new IllegalArgumentException("horizon must be 1..3650 days (got " + horizonDays + ")");
        RuleEffects effects = new RuleEffects(scenario, horizonDays);
        for (AccessRule rule : scenario.rules()) rule.accept(effects);

        Map<String, EffectiveRoad> roads = new LinkedHashMap<>();
        for (Road r : scenario.roads()) roads.put(r.id(), effects.effectiveRoad(r));

        boolean comparable = previous != null && previous.horizonDays == horizonDays
                && previous.scenario.locations().equals(scenario.locations());
        Map<String, AgencyView> views = new LinkedHashMap<>();
        Map<String, Location> locations = scenario.locationsById();
        for (Agency a : scenario.agencies()) {
            Map<String, List<DayWindow>> nodeBlocks = effects.nodeBlocksFor(a.id());
            Set<String> usableNodes = new LinkedHashSet<>();
            for (Location l : scenario.locations())
                if (!RuleEffects.coversHorizon(nodeBlocks.getOrDefault(l.id(), List.of()), horizonDays)) usableNodes.add(l.id());
            List<Arc> arcs = new ArrayList<>();
            for (EffectiveRoad er : roads.values()) {
                if (er.daysOpen() == 0) continue;
                Road r = er.road();
                if (!usableNodes.contains(r.from()) || !usableNodes.contains(r.to())) continue;
                arcs.add(arc(er, r.from(), r.to(), effects.permitRiskEntering(a.id(), locations.get(r.from()), locations.get(r.to()))));
                if (!r.directed())
                    arcs.add(arc(er, r.to(), r.from(), effects.permitRiskEntering(a.id(), locations.get(r.to()), locations.get(r.from()))));
            }
            AgencyView old = comparable ? previous.views.get(a.id()) : null;
            if (old != null && old.builtFrom(a, usableNodes, arcs, nodeBlocks, effects, roads, horizonDays)) {
                views.put(a.id(), old);
                continue;
            }
            Graph<String, Arc> g = new DirectedMultigraph<>(null, null, false);
            for (String id : usableNodes) g.addVertex(id);
            for (Arc arc : arcs) g.addEdge(arc.from(), arc.to(), arc);
            views.put(a.id(), new AgencyView(a, g, nodeBlocks, effects, locations, roads, horizonDays));
        }
        return new CompiledNetwork(scenario, horizonDays, roads, views);
    }

    private static Arc arc(EffectiveRoad er, String from, String to, double permitRisk) {
        // Independent hazards: the permit's added risk compounds with the road's own risk.
        double risk = 1 - (1 - er.risk()) * (1 - permitRisk);
        return new Arc(er.road().id(), from, to, er.road().km(), er.hours(), risk);
    }

    public Scenario scenario() { return scenario; }

    public int horizonDays() { return horizonDays; }

    /** Every road of the scenario (also those closed for the whole horizon), in scenario order. */
    public Map<String, EffectiveRoad> roads() { return roads; }

    /** The admissible view of one agency, or {@code null} for an unknown agency id. */
    public AgencyView view(String agencyId) { return views.get(agencyId); }

    /** All agency views, in scenario order. */
    public List<AgencyView> views() { return List.copyOf(views.values()); }

    /** Travel days of a journey of {@code hours} driving hours: ceil(hours / 8); 0 for no driving. */
    public static int travelDays(double hours) {
        return hours <= 0 ? 0 : (int) Math.ceil(hours / DRIVING_HOURS_PER_DAY - 1e-9);
    }

    /**
     * A road as the horizon sees it.
     *
     * @param road          the scenario's road
     * @param daysOpen      days in [0, horizon) on which it can be driven (seasonal closures, road and
     *                      entry-point closures, areas denied to all removed)
     * @param openCapacity  tonnes it can carry over the horizon in each direction:
     *                      sum over open days of min(capacity_tpd, convoy cap of that day)
     * @param risk          expected diversion fraction per passage (overrides and escorts applied)
     * @param hours         driving hours including expected escort hours
     * @param closedWindows day windows in which the road itself is closed (for route timing)
     */
    public record EffectiveRoad(Road road, int daysOpen, double openCapacity, double risk, double hours,
                                List<DayWindow> closedWindows) {
        public EffectiveRoad { closedWindows = List.copyOf(closedWindows); }
    }

    /**
     * One road driven in one direction by one agency; the edge type of the agency views.
     *
     * @param risk effective diversion fraction for this agency (permit risk included when the arc
     *             enters a province that requires a permit of the agency)
     */
    public record Arc(String road, String from, String to, double km, double hours, double risk) {}

    /** Scenario commodities by id (for callers that hold only the network). */
    public Map<String, Commodity> commodities() { return scenario.commoditiesById(); }

    /** Provinces a route visits after leaving {@code origin}, in order, without repeats. */
    static List<String> provincesAfterOrigin(List<Arc> path, Map<String, Location> locations) {
        List<String> out = new ArrayList<>(4);
        for (int k = 0; k < path.size(); k++) { // by index: once per path timing (see AgencyView#timing)
            String p = locations.get(path.get(k).to()).province();
            if (!out.contains(p)) out.add(p);
        }
        return out;
    }
}
