package org.corridor.verify;

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
 * The verifier's own reading of the access rules over a plan's horizon of H days (days 0..H-1),
 * coded from the written contract (README "The model", the rule Javadoc) and never from the
 * solver's network code, so that a misreading in either shows up as a disagreement.
 *
 * <p><b>Blocking rules act on days.</b> A route travels on days [departure, arrival]; none of those
 * days may fall in the window of a rule that blocks it: a closure of one of its roads (seasonal or
 * RoadClosed), an EntryPointClosed at a place it visits, an AreaDenied (to its agency or to all) on
 * a province it visits, a CommodityRestricted on a province it enters after leaving its origin (its
 * origin's province for a route without legs), and, for a commodity needing women staff, a
 * WomenStaffBarred at the destination's province that does not exempt its agency.
 *
 * <p><b>Risk and time act in expectation.</b> A rule in force on d of the H days has share
 * f = d / H of the cargo, which is dispatched evenly over the horizon. A road's risk starts at its
 * base risk; each RiskOverride on it (by road, or by a province one of its ends lies in), in scenario
 * order, makes it p = (1 - f) p + f r; each EscortImposed on it compounds p = 1 - (1 - p)(1 - f a)
 * and adds f x its hours. Driving a road into a province other than the one it leaves compounds,
 * for every PermitRequired of that province applying to the agency, p = 1 - (1 - p)(1 - f a).
 *
 * <p><b>Capacity.</b> A road is open on day d unless it is closed then or one of its ends is closed
 * to everybody (entry point closed, area denied to all). Over the horizon it carries, in each
 * direction, sum over open days of min(capacity per day, convoy cap of that day), where a
 * ConvoySizeLimit on a province one of its ends lies in caps a day at maxTrucks x the largest
 * payload in the scenario.
 *
 * <p>Immutable once built.
 */
final class AccessReading {
    /** Driving hours per day: a journey of h hours takes ceil(h / 8) travel days. */
    static final double DRIVING_HOURS_PER_DAY = 8.0;

    private final int horizon;
    private final Map<String, Location> locations;
    private final double largestPayload;
    // rules indexed by what they act on, each list in scenario order
    private final Map<String, List<AccessRule.RoadClosed>> roadClosures = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.EntryPointClosed>> entryPointClosures = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.AreaDenied>> denials = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.PermitRequired>> permits = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.WomenStaffBarred>> womenStaffBars = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.ConvoySizeLimit>> convoyLimits = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.CommodityRestricted>> restrictions = new LinkedHashMap<>();
    private final Map<String, List<AccessRule.EscortImposed>> escorts = new LinkedHashMap<>();
    private final List<AccessRule.RiskOverride> overrides = new ArrayList<>();
    /** Per road id: what the horizon makes of it, computed once. */
    private final Map<String, RoadOverHorizon> roads = new LinkedHashMap<>();

    /** A road over the horizon: open days, tonnes per direction, risk before permits, expected hours. */
    private record RoadOverHorizon(int openDays, double capacity, double risk, double hours) {}

    AccessReading(Scenario scenario, int horizonDays) {
        this.horizon = horizonDays;
        this.locations = scenario.locationsById();
        double largest = 0;
        for (Agency a : scenario.agencies()) for (Agency.Vehicle v : a.fleet()) largest = Math.max(largest, v.payloadTonnes());
        this.largestPayload = largest;
        AccessRule.Visitor<Void> file = new AccessRule.Visitor<>() {
            public Void roadClosed(AccessRule.RoadClosed r) { return add(roadClosures, r.road(), r); }
            public Void entryPointClosed(AccessRule.EntryPointClosed r) { return add(entryPointClosures, r.entryPoint(), r); }
            public Void areaDenied(AccessRule.AreaDenied r) { return add(denials, r.province(), r); }
            public Void permitRequired(AccessRule.PermitRequired r) { return add(permits, r.province(), r); }
            public Void womenStaffBarred(AccessRule.WomenStaffBarred r) { return add(womenStaffBars, r.province(), r); }
            public Void convoySizeLimit(AccessRule.ConvoySizeLimit r) { return add(convoyLimits, r.province(), r); }
            public Void commodityRestricted(AccessRule.CommodityRestricted r) { return add(restrictions, r.province() + "/" + r.commodity(), r); }
            public Void escortImposed(AccessRule.EscortImposed r) { return add(escorts, r.road(), r); }
            public Void riskOverride(AccessRule.RiskOverride r) { overrides.add(r); return null; }
        };
        for (AccessRule r : scenario.rules()) r.accept(file);
        for (Road r : scenario.roads()) roads.put(r.id(), overHorizon(r));
    }

    private static <T> Void add(Map<String, List<T>> index, String key, T rule) {
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(rule);
        return null;
    }

    int horizon() { return horizon; }

    /** Share of the horizon's days on which the window is in force. */
    double share(DayWindow w) { return (double) w.daysWithin(horizon) / horizon; }

    /** Province of a location, or "" for an unknown one (reported elsewhere). */
    String province(String location) {
        Location l = locations.get(location);
        return l == null ? "" : l.province();
    }

    // ---------------------------------------------------------------- blocking, by day

    /** Why the road cannot be driven on some day of [from, to], or null: "a seasonal closure" or "rule ID". */
    String roadClosedDuring(Road road, int from, int to) {
        for (DayWindow w : road.closures()) if (meets(w, from, to)) return "a seasonal closure";
        for (AccessRule.RoadClosed c : roadClosures.getOrDefault(road.id(), List.of())) if (meets(c.validity(), from, to)) return "rule " + c.id();
        return null;
    }

    /** The EntryPointClosed rule closing the location on some day of [from, to], or null. */
    AccessRule.EntryPointClosed entryPointClosedDuring(String location, int from, int to) {
        for (AccessRule.EntryPointClosed c : entryPointClosures.getOrDefault(location, List.of())) if (meets(c.validity(), from, to)) return c;
        return null;
    }

    /**
     * The AreaDenied rule keeping the agency out of the province on some day of [from, to], or null.
     * With {@code agency == null}, only rules denying every agency count.
     */
    AccessRule.AreaDenied deniedDuring(String province, String agency, int from, int to) {
        for (AccessRule.AreaDenied d : denials.getOrDefault(province, List.of()))
            if ((d.agency() == null || d.agency().equals(agency)) && meets(d.validity(), from, to)) return d;
        return null;
    }

    /** The CommodityRestricted rule on the commodity in the province on some day of [from, to], or null. */
    AccessRule.CommodityRestricted restrictedDuring(String province, String commodity, int from, int to) {
        for (AccessRule.CommodityRestricted c : restrictions.getOrDefault(province + "/" + commodity, List.of())) if (meets(c.validity(), from, to)) return c;
        return null;
    }

    /** A women-staff bar on the province not exempting the agency, in force on some day of [from, to], or null. */
    AccessRule.WomenStaffBarred womenStaffBarredDuring(String province, String agency, int from, int to) {
        for (AccessRule.WomenStaffBarred w : womenStaffBars.getOrDefault(province, List.of()))
            if (!w.exemptAgencies().contains(agency) && meets(w.validity(), from, to)) return w;
        return null;
    }

    /** Days of permit delay for the agency entering the provinces: sum of the delays of permits in force within the horizon. */
    int permitDelayDays(String agency, List<String> provincesEntered) {
        int days = 0;
        for (String province : provincesEntered)
            for (AccessRule.PermitRequired p : permits.getOrDefault(province, List.of()))
                if (applies(p, agency) && p.validity().daysWithin(horizon) > 0) days += p.delayDays();
        return days;
    }

    private static boolean meets(DayWindow w, int from, int to) { return w.fromDay() <= to && w.toDay() >= from; }

    // ---------------------------------------------------------------- capacity, risk and hours over the horizon

    /** Days of the horizon on which the road can be driven: not closed itself, neither end closed to all. */
    int openDays(Road road) { return roads.get(road.id()).openDays(); }

    /** Tonnes the road carries in one direction over the horizon: sum over open days of min(capacity, convoy cap). */
    double capacity(Road road) { return roads.get(road.id()).capacity(); }

    /** Expected driving hours of the road: its hours plus f x the hours of every escort on it. */
    double hours(Road road) { return roads.get(road.id()).hours(); }

    /** Effective diversion risk of driving the road from {@code from} to {@code to} for the agency (class comment). */
    double legRisk(Road road, String from, String to, String agency) {
        double p = roads.get(road.id()).risk();
        String entered = province(to);
        if (!entered.equals(province(from)))
            for (AccessRule.PermitRequired pr : permits.getOrDefault(entered, List.of()))
                if (applies(pr, agency)) p = 1 - (1 - p) * (1 - share(pr.validity()) * pr.addedRisk());
        return p;
    }

    private RoadOverHorizon overHorizon(Road road) {
        int open = 0;
        double capacity = 0;
        for (int d = 0; d < horizon; d++) {
            if (roadClosedDuring(road, d, d) != null || closedToAll(road.from(), d) || closedToAll(road.to(), d)) continue;
            open++;
            capacity += Math.min(road.capacityTpd(), convoyCap(road, d));
        }
        double p = road.baseRisk();
        for (AccessRule.RiskOverride o : overrides)
            if (road.id().equals(o.road()) || (o.province() != null && touches(road, o.province()))) {
                double f = share(o.validity());
                p = (1 - f) * p + f * o.risk();
            }
        double hours = road.hours();
        for (AccessRule.EscortImposed e : escorts.getOrDefault(road.id(), List.of())) {
            p = 1 - (1 - p) * (1 - share(e.validity()) * e.addedRisk());
            hours += share(e.validity()) * e.addedHours();
        }
        return new RoadOverHorizon(open, capacity, p, hours);
    }

    private boolean closedToAll(String location, int d) {
        return entryPointClosedDuring(location, d, d) != null || deniedDuring(province(location), null, d, d) != null;
    }

    private double convoyCap(Road road, int d) {
        double cap = Double.POSITIVE_INFINITY;
        List<AccessRule.ConvoySizeLimit> limits = new ArrayList<>(convoyLimits.getOrDefault(province(road.from()), List.of()));
        if (!province(road.to()).equals(province(road.from()))) limits.addAll(convoyLimits.getOrDefault(province(road.to()), List.of()));
        for (AccessRule.ConvoySizeLimit c : limits) if (c.validity().contains(d)) cap = Math.min(cap, c.maxTrucks() * largestPayload);
        return cap;
    }

    /** Travel days of a journey of {@code hours} driving hours: ceil(hours / 8), 0 without driving. */
    static int travelDays(double hours) {
        return hours <= 0 ? 0 : (int) Math.ceil(hours / DRIVING_HOURS_PER_DAY - 1e-9);
    }

    private static boolean applies(AccessRule.PermitRequired p, String agency) { return p.agency() == null || p.agency().equals(agency); }

    private boolean touches(Road road, String province) {
        return province(road.from()).equals(province) || province(road.to()).equals(province);
    }
}
