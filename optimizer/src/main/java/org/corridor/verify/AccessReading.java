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
    private final Map<String, List<AccessRule.RoadClosed>> roadClosures = new LinkedHashMap<>();
    private final List<AccessRule.EntryPointClosed> entryPointClosures = new ArrayList<>();
    private final List<AccessRule.AreaDenied> denials = new ArrayList<>();
    private final List<AccessRule.PermitRequired> permits = new ArrayList<>();
    private final List<AccessRule.WomenStaffBarred> womenStaffBars = new ArrayList<>();
    private final List<AccessRule.ConvoySizeLimit> convoyLimits = new ArrayList<>();
    private final List<AccessRule.CommodityRestricted> restrictions = new ArrayList<>();
    private final Map<String, List<AccessRule.EscortImposed>> escorts = new LinkedHashMap<>();
    private final List<AccessRule.RiskOverride> overrides = new ArrayList<>();

    AccessReading(Scenario scenario, int horizonDays) {
        this.horizon = horizonDays;
        this.locations = scenario.locationsById();
        double largest = 0;
        for (Agency a : scenario.agencies()) for (Agency.Vehicle v : a.fleet()) largest = Math.max(largest, v.payloadTonnes());
        this.largestPayload = largest;
        AccessRule.Visitor<Void> file = new AccessRule.Visitor<>() {
            public Void roadClosed(AccessRule.RoadClosed r) { roadClosures.computeIfAbsent(r.road(), k -> new ArrayList<>()).add(r); return null; }
            public Void entryPointClosed(AccessRule.EntryPointClosed r) { entryPointClosures.add(r); return null; }
            public Void areaDenied(AccessRule.AreaDenied r) { denials.add(r); return null; }
            public Void permitRequired(AccessRule.PermitRequired r) { permits.add(r); return null; }
            public Void womenStaffBarred(AccessRule.WomenStaffBarred r) { womenStaffBars.add(r); return null; }
            public Void convoySizeLimit(AccessRule.ConvoySizeLimit r) { convoyLimits.add(r); return null; }
            public Void commodityRestricted(AccessRule.CommodityRestricted r) { restrictions.add(r); return null; }
            public Void escortImposed(AccessRule.EscortImposed r) { escorts.computeIfAbsent(r.road(), k -> new ArrayList<>()).add(r); return null; }
            public Void riskOverride(AccessRule.RiskOverride r) { overrides.add(r); return null; }
        };
        for (AccessRule r : scenario.rules()) r.accept(file);
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

    /** Why the road cannot be driven on some day of [from, to], or null: "seasonal closure" or "rule ID". */
    String roadClosedDuring(Road road, int from, int to) {
        for (DayWindow w : road.closures()) if (meets(w, from, to)) return "a seasonal closure";
        for (AccessRule.RoadClosed c : roadClosures.getOrDefault(road.id(), List.of())) if (meets(c.validity(), from, to)) return "rule " + c.id();
        return null;
    }

    /** The EntryPointClosed rule closing the location on some day of [from, to], or null. */
    AccessRule.EntryPointClosed entryPointClosedDuring(String location, int from, int to) {
        for (AccessRule.EntryPointClosed c : entryPointClosures)
            if (c.entryPoint().equals(location) && meets(c.validity(), from, to)) return c;
        return null;
    }

    /**
     * The AreaDenied rule keeping the agency out of the province on some day of [from, to], or null.
     * With {@code agency == null}, only rules denying every agency count.
     */
    AccessRule.AreaDenied deniedDuring(String province, String agency, int from, int to) {
        for (AccessRule.AreaDenied d : denials)
            if (d.province().equals(province) && (d.agency() == null || d.agency().equals(agency)) && meets(d.validity(), from, to)) return d;
        return null;
    }

    /** The CommodityRestricted rule on the commodity in the province on some day of [from, to], or null. */
    AccessRule.CommodityRestricted restrictedDuring(String province, String commodity, int from, int to) {
        for (AccessRule.CommodityRestricted c : restrictions)
            if (c.province().equals(province) && c.commodity().equals(commodity) && meets(c.validity(), from, to)) return c;
        return null;
    }

    /** A women-staff bar on the province not exempting the agency, in force on some day of [from, to], or null. */
    AccessRule.WomenStaffBarred womenStaffBarredDuring(String province, String agency, int from, int to) {
        for (AccessRule.WomenStaffBarred w : womenStaffBars)
            if (w.province().equals(province) && !w.exemptAgencies().contains(agency) && meets(w.validity(), from, to)) return w;
        return null;
    }

    /** Days of permit delay for the agency entering the provinces: sum of the delays of permits in force within the horizon. */
    int permitDelayDays(String agency, List<String> provincesEntered) {
        int days = 0;
        for (AccessRule.PermitRequired p : permits)
            if (applies(p, agency) && provincesEntered.contains(p.province()) && p.validity().daysWithin(horizon) > 0) days += p.delayDays();
        return days;
    }

    private static boolean meets(DayWindow w, int from, int to) { return w.fromDay() <= to && w.toDay() >= from; }

    // ---------------------------------------------------------------- capacity

    /** Days of the horizon on which the road can be driven: not closed itself, neither end closed to all. */
    int openDays(Road road) {
        int open = 0;
        for (int d = 0; d < horizon; d++) if (openOn(road, d)) open++;
        return open;
    }

    /** Tonnes the road carries in one direction over the horizon: sum over open days of min(capacity, convoy cap). */
    double capacity(Road road) {
        double total = 0;
        for (int d = 0; d < horizon; d++) if (openOn(road, d)) total += Math.min(road.capacityTpd(), convoyCap(road, d));
        return total;
    }

    private boolean openOn(Road road, int d) {
        return roadClosedDuring(road, d, d) == null && !closedToAll(road.from(), d) && !closedToAll(road.to(), d);
    }

    private boolean closedToAll(String location, int d) {
        return entryPointClosedDuring(location, d, d) != null || deniedDuring(province(location), null, d, d) != null;
    }

    private double convoyCap(Road road, int d) {
        double cap = Double.POSITIVE_INFINITY;
        for (AccessRule.ConvoySizeLimit c : convoyLimits)
            if (touches(road, c.province()) && c.validity().contains(d)) cap = Math.min(cap, c.maxTrucks() * largestPayload);
        return cap;
    }

    // ---------------------------------------------------------------- risk and hours, in expectation

    /** Effective diversion risk of driving the road from {@code from} to {@code to} for the agency (class comment). */
    double legRisk(Road road, String from, String to, String agency) {
        double p = road.baseRisk();
        for (AccessRule.RiskOverride o : overrides)
            if (road.id().equals(o.road()) || (o.province() != null && touches(road, o.province()))) {
                double f = share(o.validity());
                p = (1 - f) * p + f * o.risk();
            }
        for (AccessRule.EscortImposed e : escorts.getOrDefault(road.id(), List.of())) p = 1 - (1 - p) * (1 - share(e.validity()) * e.addedRisk());
        String entered = province(to);
        if (!entered.equals(province(from)))
            for (AccessRule.PermitRequired pr : permits)
                if (applies(pr, agency) && pr.province().equals(entered)) p = 1 - (1 - p) * (1 - share(pr.validity()) * pr.addedRisk());
        return p;
    }

    /** Expected driving hours of the road: its hours plus f x the hours of every escort on it. */
    double hours(Road road) {
        double h = road.hours();
        for (AccessRule.EscortImposed e : escorts.getOrDefault(road.id(), List.of())) h += share(e.validity()) * e.addedHours();
        return h;
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
