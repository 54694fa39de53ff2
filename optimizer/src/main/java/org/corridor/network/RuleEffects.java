package org.corridor.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.access.AccessRule;
import org.corridor.scenario.Agency;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;

/**
 * What each access rule type does to the network, one small method per type. The visitor only
 * records the rules by target; {@link #effectiveRoad} and the query methods then combine them, so
 * the result does not depend on the order in which rules of different types were listed.
 *
 * <p>Time weighting: a rule valid on {@code d} of the {@code H} horizon days has share f = d / H.
 */
final class RuleEffects implements AccessRule.Visitor<Void> {
    private final int horizon;
    private final Map<String, Location> locations;
    private final Map<String, List<String>> locationsByProvince = new LinkedHashMap<>();
    private final double largestPayload;

    private final Map<String, List<DayWindow>> roadClosed = new LinkedHashMap<>();
    private final Map<String, List<DayWindow>> nodeBlockedForAll = new LinkedHashMap<>();
    private final Map<String, Map<String, List<DayWindow>>> nodeBlockedForAgency = new LinkedHashMap<>();
    private final List<AccessRule.PermitRequired> permits = new ArrayList<>();
    private final Map<String, List<AccessRule.WomenStaffBarred>> womenBars = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.ConvoySizeLimit>> convoyLimits = new LinkedHashMap<>();
    private final Map<String, Map<String, List<DayWindow>>> commodityBans = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.EscortImposed>> escorts = new LinkedHashMap<>();
    private final List<AccessRule.RiskOverride> overrides = new ArrayList<>();

    RuleEffects(Scenario scenario, int horizon) {
        this.horizon = horizon;
        this.locations = scenario.locationsById();
        for (Location l : scenario.locations()) locationsByProvince.computeIfAbsent(l.province(), k -> new ArrayList<>()).add(l.id());
        double largest = 0;
        for (Agency a : scenario.agencies()) for (Agency.Vehicle v : a.fleet()) largest = Math.max(largest, v.payloadTonnes());
        this.largestPayload = largest;
    }

    /** Share of the horizon's days on which {@code w} is in force. */
    double share(DayWindow w) { return (double) w.daysWithin(horizon) / horizon; }

    // ---- one method per rule type: record what the rule touches ----

    /** The road is closed on the rule's days: no capacity then, and routes must not drive it then. */
    @Override public Void roadClosed(AccessRule.RoadClosed r) {
        add(roadClosed, r.road(), r.validity());
        return null;
    }

    /** Nothing passes the crossing: no road into or out of it and no stock leaves it on the closed days. */
    @Override public Void entryPointClosed(AccessRule.EntryPointClosed r) {
        add(nodeBlockedForAll, r.entryPoint(), r.validity());
        return null;
    }

    /** The agency (all agencies when none is named) may not enter, cross or deliver to the province's locations. */
    @Override public Void areaDenied(AccessRule.AreaDenied r) {
        for (String loc : locationsByProvince.getOrDefault(r.province(), List.of())) {
            if (r.agency() == null) add(nodeBlockedForAll, loc, r.validity());
            else add(nodeBlockedForAgency.computeIfAbsent(r.agency(), k -> new LinkedHashMap<>()), loc, r.validity());
        }
        return null;
    }

    /** Entering the province costs the permit's delay and adds its risk on the road that enters it. */
    @Override public Void permitRequired(AccessRule.PermitRequired r) {
        permits.add(r);
        return null;
    }

    /** Women-staff commodities reach the province only through exempt agencies while the bar holds. */
    @Override public Void womenStaffBarred(AccessRule.WomenStaffBarred r) {
        womenBars.computeIfAbsent(r.province(), k -> new ArrayList<>()).add(r);
        return null;
    }

    /** Daily tonnes on roads touching the province are capped at maxTrucks x the largest payload. */
    @Override public Void convoySizeLimit(AccessRule.ConvoySizeLimit r) {
        convoyLimits.computeIfAbsent(r.province(), k -> new ArrayList<>()).add(r);
        return null;
    }

    /** The commodity may not be brought into (through or to) the province while the rule holds. */
    @Override public Void commodityRestricted(AccessRule.CommodityRestricted r) {
        add(commodityBans.computeIfAbsent(r.commodity(), k -> new LinkedHashMap<>()), r.province(), r.validity());
        return null;
    }

    /** An escort adds risk (compounded as an independent hazard) and hours on the road. */
    @Override public Void escortImposed(AccessRule.EscortImposed r) {
        escorts.computeIfAbsent(r.road(), k -> new ArrayList<>()).add(r);
        return null;
    }

    /** The road's (or the province's roads') base risk is replaced by the rule's risk. */
    @Override public Void riskOverride(AccessRule.RiskOverride r) {
        overrides.add(r);
        return null;
    }

    private static void add(Map<String, List<DayWindow>> m, String key, DayWindow w) {
        m.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
    }

    // ---- combining the recorded rules ----

    /**
     * The road over the horizon. Open days exclude its seasonal closures, RoadClosed windows and the
     * closed days of either end for all agencies (closed entry point, area denied to all).
     * open capacity = sum_{open days d} min(capacity_tpd, convoy cap_d);
     * risk: overrides in rule order p <- (1-f) p + f r, then escorts p <- 1 - (1-p)(1 - f a);
     * hours = base hours + sum f x escort hours.
     */
    CompiledNetwork.EffectiveRoad effectiveRoad(Road road) {
        List<DayWindow> closed = new ArrayList<>(road.closures());
        closed.addAll(roadClosed.getOrDefault(road.id(), List.of()));
        List<DayWindow> endsClosed = new ArrayList<>(nodeBlockedForAll.getOrDefault(road.from(), List.of()));
        endsClosed.addAll(nodeBlockedForAll.getOrDefault(road.to(), List.of()));
        String pFrom = locations.get(road.from()).province(), pTo = locations.get(road.to()).province();
        List<AccessRule.ConvoySizeLimit> limits = new ArrayList<>(convoyLimits.getOrDefault(pFrom, List.of()));
        if (!pTo.equals(pFrom)) limits.addAll(convoyLimits.getOrDefault(pTo, List.of()));

        int daysOpen = 0;
        double capacity = 0;
        for (int d = 0; d < horizon; d++) {
            if (anyContains(closed, d) || anyContains(endsClosed, d)) continue;
            daysOpen++;
            capacity += Math.min(road.capacityTpd(), convoyCap(limits, d));
        }

        double risk = road.baseRisk();
        for (AccessRule.RiskOverride o : overrides) {
            boolean hits = o.road() != null ? o.road().equals(road.id()) : o.province().equals(pFrom) || o.province().equals(pTo);
            if (hits) {
                double f = share(o.validity());
                risk = (1 - f) * risk + f * o.risk();
            }
        }
        double hours = road.hours();
        for (AccessRule.EscortImposed e : escorts.getOrDefault(road.id(), List.of())) {
            double f = share(e.validity());
            risk = 1 - (1 - risk) * (1 - f * e.addedRisk());
            hours += f * e.addedHours();
        }
        return new CompiledNetwork.EffectiveRoad(road, daysOpen, capacity, risk, hours, closed);
    }

    /** Tonnes per day a convoy limit lets through on day d (infinite when none is in force). */
    private double convoyCap(List<AccessRule.ConvoySizeLimit> limits, int day) {
        double cap = Double.POSITIVE_INFINITY;
        for (AccessRule.ConvoySizeLimit c : limits)
            if (c.validity().contains(day)) cap = Math.min(cap, c.maxTrucks() * largestPayload);
        return cap;
    }

    /** Day windows in which the agency cannot be at each location: blocks for all plus its own. */
    Map<String, List<DayWindow>> nodeBlocksFor(String agency) {
        Map<String, List<DayWindow>> out = new LinkedHashMap<>();
        nodeBlockedForAll.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        nodeBlockedForAgency.getOrDefault(agency, Map.of()).forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }

    /** Added risk, as a probability, of driving from {@code from} into {@code to}'s province for the agency. */
    double permitRiskEntering(String agency, Location from, Location to) {
        if (from.province().equals(to.province())) return 0;
        double keep = 1;
        for (AccessRule.PermitRequired p : permits)
            if (applies(p, agency) && p.province().equals(to.province())) keep *= 1 - share(p.validity()) * p.addedRisk();
        return 1 - keep;
    }

    /** Permit delay, in days, for the agency entering each of {@code provincesEntered}: sum of the permits in force. */
    int permitDelayDays(String agency, List<String> provincesEntered) {
        int days = 0;
        for (int i = 0; i < permits.size(); i++) { // by index: once per path timing (see AgencyView#timing)
            AccessRule.PermitRequired p = permits.get(i);
            if (applies(p, agency) && provincesEntered.contains(p.province()) && p.validity().daysWithin(horizon) > 0) days += p.delayDays();
        }
        return days;
    }

    private static boolean applies(AccessRule.PermitRequired p, String agency) {
        return p.agency() == null || p.agency().equals(agency);
    }

    /** Windows in which {@code commodity} may not enter {@code province}. */
    List<DayWindow> commodityBans(String commodity, String province) {
        return commodityBans.getOrDefault(commodity, Map.of()).getOrDefault(province, List.of());
    }

    /** Windows in which {@code agency} may not deliver women-staff commodities to {@code province}. */
    List<DayWindow> womenBarsAgainst(String agency, String province) {
        List<DayWindow> out = new ArrayList<>();
        for (AccessRule.WomenStaffBarred b : womenBars.getOrDefault(province, List.of()))
            if (!b.exemptAgencies().contains(agency)) out.add(b.validity());
        return out;
    }

    /**
     * True when a route timing of {@code agency} reads the same from these effects as from {@code other}: the horizon,
     * the permits that apply to it (their delays), the commodity bans, and the women-staff bars that do not exempt it.
     */
    boolean sameTimingFor(String agency, RuleEffects other) {
        return horizon == other.horizon && permitsOf(agency).equals(other.permitsOf(agency)) && commodityBans.equals(other.commodityBans)
                && womenBarsAgainst(agency).equals(other.womenBarsAgainst(agency));
    }

    private List<AccessRule.PermitRequired> permitsOf(String agency) {
        List<AccessRule.PermitRequired> out = new ArrayList<>();
        for (AccessRule.PermitRequired p : permits) if (applies(p, agency)) out.add(p);
        return out;
    }

    private Map<String, List<DayWindow>> womenBarsAgainst(String agency) {
        Map<String, List<DayWindow>> out = new LinkedHashMap<>();
        for (String province : womenBars.keySet()) out.put(province, womenBarsAgainst(agency, province));
        return out;
    }

    static boolean anyContains(List<DayWindow> windows, int day) {
        for (DayWindow w : windows) if (w.contains(day)) return true;
        return false;
    }

    /** True when the windows together cover every day of [0, horizon). */
    static boolean coversHorizon(List<DayWindow> windows, int horizon) {
        if (windows.isEmpty()) return false;
        for (int d = 0; d < horizon; d++) if (!anyContains(windows, d)) return false;
        return true;
    }
}
