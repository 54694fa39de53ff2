package org.corridor.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.corridor.access.AccessRule;
import org.corridor.scenario.Location;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;

/**
 * The verifier's own reading of the access rules over a plan's horizon, coded from DESIGN.md and the
 * rule Javadoc alone (never from the solver's network code), so that a misreading in one of them
 * shows up as a disagreement between the two.
 *
 * <p>Semantics, for a horizon of H days (days 0..H-1):
 * <ul>
 *   <li>a road is open on day d unless one of its seasonal closures or a RoadClosed rule covers d;
 *       its capacity over the horizon is capacityTpd x open days, per direction;</li>
 *   <li>every other rule binds the plan when its validity window meets the horizon;</li>
 *   <li>effective risk of road r for agency a: the RiskOverride on r if any, else the highest
 *       RiskOverride on a province r touches, else r's base risk; plus every EscortImposed on r;
 *       plus every PermitRequired (for a or for all) on a province r touches; capped at
 *       {@link #MAX_RISK}.</li>
 * </ul>
 * A road "touches" a province when either of its ends lies in it. Immutable once built.
 */
final class AccessReading {
    /** Highest risk a road can reach by adding rules: below 1 so that some cargo always arrives. */
    static final double MAX_RISK = 0.99;

    private final int horizon;
    private final Map<String, Location> locations;
    private final Map<String, List<AccessRule.RoadClosed>> roadClosures = new HashMap<>();
    private final Map<String, AccessRule.EntryPointClosed> entryPointClosures = new HashMap<>();
    private final List<AccessRule.AreaDenied> denials = new ArrayList<>();
    private final List<AccessRule.PermitRequired> permits = new ArrayList<>();
    private final List<AccessRule.WomenStaffBarred> womenStaffBars = new ArrayList<>();
    private final List<AccessRule.CommodityRestricted> restrictions = new ArrayList<>();
    private final Map<String, List<AccessRule.EscortImposed>> escorts = new HashMap<>();
    private final List<AccessRule.RiskOverride> overrides = new ArrayList<>();

    AccessReading(Scenario scenario, int horizonDays) {
        this.horizon = horizonDays;
        this.locations = scenario.locationsById();
        AccessRule.Visitor<Void> file = new AccessRule.Visitor<>() {
            public Void roadClosed(AccessRule.RoadClosed r) { roadClosures.computeIfAbsent(r.road(), k -> new ArrayList<>()).add(r); return null; }
            public Void entryPointClosed(AccessRule.EntryPointClosed r) { entryPointClosures.putIfAbsent(r.entryPoint(), r); return null; }
            public Void areaDenied(AccessRule.AreaDenied r) { denials.add(r); return null; }
            public Void permitRequired(AccessRule.PermitRequired r) { permits.add(r); return null; }
            public Void womenStaffBarred(AccessRule.WomenStaffBarred r) { womenStaffBars.add(r); return null; }
            // convoy sizes concern whole trucks, which the allocation plan does not have yet
            public Void convoySizeLimit(AccessRule.ConvoySizeLimit r) { return null; }
            public Void commodityRestricted(AccessRule.CommodityRestricted r) { restrictions.add(r); return null; }
            public Void escortImposed(AccessRule.EscortImposed r) { escorts.computeIfAbsent(r.road(), k -> new ArrayList<>()).add(r); return null; }
            public Void riskOverride(AccessRule.RiskOverride r) { overrides.add(r); return null; }
        };
        for (AccessRule r : scenario.rules()) if (r.validity().daysWithin(horizon) > 0) r.accept(file);
    }

    /** Days of the horizon on which the road is open: sum over d in [0, H) of [no closure covers d]. */
    int openDays(Road road) {
        List<AccessRule.RoadClosed> byRule = roadClosures.getOrDefault(road.id(), List.of());
        int open = 0;
        for (int d = 0; d < horizon; d++) {
            boolean closed = road.closedOn(d);
            for (AccessRule.RoadClosed c : byRule) closed |= c.validity().contains(d);
            if (!closed) open++;
        }
        return open;
    }

    /** The binding rule closing this entry point, or null. */
    AccessRule.EntryPointClosed entryPointClosure(String location) { return entryPointClosures.get(location); }

    /** The binding rule denying the province to the agency (or to all agencies), or null. */
    AccessRule.AreaDenied denial(String province, String agency) {
        for (AccessRule.AreaDenied d : denials)
            if (d.province().equals(province) && (d.agency() == null || d.agency().equals(agency))) return d;
        return null;
    }

    /** The binding women-staff bars on the province. */
    List<AccessRule.WomenStaffBarred> womenStaffBars(String province) {
        List<AccessRule.WomenStaffBarred> out = new ArrayList<>();
        for (AccessRule.WomenStaffBarred w : womenStaffBars) if (w.province().equals(province)) out.add(w);
        return out;
    }

    /** The binding rule restricting the commodity in the province, or null. */
    AccessRule.CommodityRestricted restriction(String province, String commodity) {
        for (AccessRule.CommodityRestricted c : restrictions)
            if (c.province().equals(province) && c.commodity().equals(commodity)) return c;
        return null;
    }

    /** Effective diversion risk of the road for the agency, as defined in the class comment. */
    double effectiveRisk(Road road, String agency) {
        Double onRoad = null, onProvince = null;
        for (AccessRule.RiskOverride o : overrides) {
            if (road.id().equals(o.road())) onRoad = onRoad == null ? o.risk() : Math.max(onRoad, o.risk());
            else if (o.province() != null && touches(road, o.province())) onProvince = onProvince == null ? o.risk() : Math.max(onProvince, o.risk());
        }
        double risk = onRoad != null ? onRoad : onProvince != null ? onProvince : road.baseRisk();
        for (AccessRule.EscortImposed e : escorts.getOrDefault(road.id(), List.of())) risk += e.addedRisk();
        for (AccessRule.PermitRequired p : permits)
            if (touches(road, p.province()) && (p.agency() == null || p.agency().equals(agency))) risk += p.addedRisk();
        return Math.min(MAX_RISK, risk);
    }

    private boolean touches(Road road, String province) {
        return province(road.from()).equals(province) || province(road.to()).equals(province);
    }

    /** Province of a location, or "" for an unknown one (reported elsewhere). */
    String province(String location) {
        Location l = locations.get(location);
        return l == null ? "" : l.province();
    }
}
