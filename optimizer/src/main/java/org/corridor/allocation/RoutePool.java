package org.corridor.allocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.network.AgencyView;
import org.corridor.network.CompiledNetwork;

/**
 * What one solve built before its LP and a re-solve of a later scenario version may take over (issue 5): the compiled
 * network and, per agency, the candidate routes generated from its stock (each (agency, need) list trimmed, before the
 * previous plan's paths join them). Handed out with an allocation ({@link AllocationResult#routePool()}) and given
 * back to the next one, in memory only.
 *
 * <p>A later allocation reuses an agency's candidates only when regenerating them would give the same ones: its stock
 * lots are the same (by key, in order), every need location and commodity and its deadline is the same, and so are the
 * commodities and the route risk cap (a stock's or a need's tonnes do not enter the candidates); and its view is either
 * the very object this pool's network held (the compile took it over, so nothing the view reads has changed: roads,
 * risks, hours, rules reaching the agency), or one that only takes away or worsens roads and locations
 * ({@link AgencyView#worseningSince}) that none of the paths its candidates were chosen from touches (a road closed,
 * a crossing shut or a risk raised elsewhere leaves that agency's shortest-path trees as they were). Everything else is generated afresh, so a plan made with a pool is the plan made
 * without one; a pool from another scenario is merely useless. Immutable and thread-safe.
 */
public final class RoutePool {
    private final CompiledNetwork network;
    private final double routeRiskCap;
    private final List<String> lotKeys;
    private final List<NeedKey> needs;
    private final Map<String, AgencyRoutes> byAgency;
    private final List<String> regenerated;

    /** A need as the candidates read it: where, what, and by when (its index in the LP is its place in this list). */
    record NeedKey(String location, String commodity, int latestDay) {}

    /**
     * One agency's generated candidates, the keys of its stock lots they were made for, and what generating them read
     * of its view: the roads and locations of every path its shortest-path trees gave from its origins to a need
     * location, and those origins.
     */
    record AgencyRoutes(List<String> lotKeys, List<Candidate> candidates, Set<String> roads, Set<String> locations) {
        AgencyRoutes {
            lotKeys = List.copyOf(lotKeys);
            candidates = List.copyOf(candidates);
            roads = Set.copyOf(roads);
            locations = Set.copyOf(locations);
        }
    }

    RoutePool(CompiledNetwork network, double routeRiskCap, Demand demand, Map<String, AgencyRoutes> byAgency, List<String> regenerated) {
        this.network = network;
        this.routeRiskCap = routeRiskCap;
        List<String> lots = new ArrayList<>(demand.lots.size());
        for (Demand.Lot l : demand.lots) lots.add(l.key());
        this.lotKeys = List.copyOf(lots);
        this.needs = needKeys(demand);
        this.byAgency = Collections.unmodifiableMap(new LinkedHashMap<>(byAgency));
        this.regenerated = List.copyOf(regenerated);
    }

    /** The compiled network of the solve that made this pool. */
    public CompiledNetwork network() { return network; }

    /** Agencies whose candidates the solve that made this pool generated, in scenario order (the others it took over). */
    public List<String> regeneratedAgencies() { return regenerated; }

    /** Agencies with candidates in this pool, in scenario order. */
    public List<String> agencies() { return List.copyOf(byAgency.keySet()); }

    /** Candidate routes in this pool (before any previous plan's paths joined them). */
    public int candidates() {
        int n = 0;
        for (AgencyRoutes r : byAgency.values()) n += r.candidates().size();
        return n;
    }

    static List<NeedKey> needKeys(Demand demand) {
        List<NeedKey> out = new ArrayList<>(demand.needs.size());
        for (Demand.NeedGroup n : demand.needs) out.add(new NeedKey(n.location(), n.commodity(), n.latestDay()));
        return List.copyOf(out);
    }

    /** Keys of {@code agency}'s stock lots in {@code demand}, in demand order. */
    static List<String> lotKeys(Demand demand, String agency) {
        List<String> out = new ArrayList<>();
        for (Demand.Lot l : demand.lots) if (l.agency().equals(agency)) out.add(l.key());
        return out;
    }

    /**
     * True when this pool's candidates were made for the same needs (locations, commodities, deadlines, in order), the
     * same commodities and the same route risk cap as {@code demand} in {@code net}: the precondition of any reuse.
     */
    boolean sameDemandSide(CompiledNetwork net, Demand demand, double riskCap) {
        return riskCap == routeRiskCap && needs.equals(needKeys(demand)) && network.commodities().equals(net.commodities());
    }

    /**
     * The candidates of {@code view}'s agency that generating them would give, with the lot indexes of {@code demand},
     * when {@link #sameDemandSide} holds; null when they must be generated (see the class comment).
     *
     * @param agencyLots {@link #lotKeys(Demand, String)} of the agency in {@code demand}
     */
    AgencyRoutes reusable(AgencyView view, Demand demand, List<String> agencyLots) {
        String agency = view.agency().id();
        AgencyRoutes own = byAgency.get(agency);
        if (own == null || !own.lotKeys().equals(agencyLots)) return null;
        AgencyView before = network.view(agency);
        if (before != view) {
            AgencyView.Worsening w = before == null ? null : view.worseningSince(before);
            if (w == null || !Collections.disjoint(w.roads(), own.roads()) || !Collections.disjoint(w.locations(), own.locations())) return null;
        }
        // a new view holds its own arc objects, equal to the old ones on every road these candidates drive; the
        // candidates must hold them too, as RouteGenerator tells paths apart by their arcs' identity (with the old
        // objects a kept path equal to a reused candidate joined the LP as a second column: the same optimum, with
        // the solution moving in its last digits, 10x after closing Torkham)
        Map<CompiledNetwork.Arc, CompiledNetwork.Arc> current = null;
        if (before != view) {
            current = new HashMap<>();
            for (CompiledNetwork.Arc a : view.arcs()) current.putIfAbsent(a, a);
        }
        List<Candidate> out = new ArrayList<>(own.candidates().size());
        for (Candidate c : own.candidates()) {
            int lot = demand.lotIndex.get(lotKeys.get(c.lot()));
            Candidate d = lot == c.lot() ? c : c.withLot(lot);
            if (current != null) {
                List<CompiledNetwork.Arc> arcs = new ArrayList<>(d.arcs().size());
                for (CompiledNetwork.Arc a : d.arcs()) {
                    CompiledNetwork.Arc now = current.get(a);
                    if (now == null) return null; // not in the new view after all: generate afresh
                    arcs.add(now);
                }
                d = d.withArcs(List.copyOf(arcs));
            }
            out.add(d);
        }
        return new AgencyRoutes(agencyLots, out, own.roads(), own.locations());
    }
}
