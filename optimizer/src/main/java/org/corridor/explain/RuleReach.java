package org.corridor.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.corridor.access.AccessRule;
import org.corridor.allocation.Allocator;
import org.corridor.allocation.Allocator.RouteColumn;
import org.corridor.scenario.Commodity;
import org.corridor.scenario.Location;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;

/**
 * Which access rules bear on a route: the rules whose lifting could open it or make it carry more.
 * Read from the route's own places (origin, roads, the locations it passes, the destination), one
 * method per rule type; it over-approximates (a rule valid on a few days "bears" on the route even
 * if the route can leave on other days), which is safe because every cause is confirmed by a
 * re-solve. Immutable and thread-safe.
 */
final class RuleReach {
    private final Map<String, Location> locations;
    private final Map<String, Road> roads;
    private final Map<String, Commodity> commodities;
    private final int horizon;

    RuleReach(Scenario scenario, int horizon) {
        this.locations = scenario.locationsById();
        this.roads = scenario.roadsById();
        this.commodities = scenario.commoditiesById();
        this.horizon = horizon;
    }

    /** True when the rule is in force on at least one day of [0, horizon). */
    boolean active(AccessRule r) { return r.validity().daysWithin(horizon) > 0; }

    /** Ids of the active rules among {@code rules} that bear on {@code column}, sorted. */
    Set<String> rulesOn(List<AccessRule> rules, RouteColumn column) {
        return rulesOn(rules, new Route(column.agency(), column.commodity(), column.origin(), column.destination(), column.roads()));
    }

    /** Ids of the active rules among {@code rules} that bear on {@code route}, sorted. */
    Set<String> rulesOn(List<AccessRule> rules, Route route) {
        Bears bears = new Bears(route);
        Set<String> out = new TreeSet<>();
        for (AccessRule r : rules) if (active(r) && r.accept(bears)) out.add(r.id());
        return out;
    }

    /** True when some active rule of {@code rules} bears on {@code route}: {@link #rulesOn} non-empty, without collecting. */
    private boolean bearsAny(List<AccessRule> rules, Route route) {
        Bears bears = new Bears(route);
        for (AccessRule r : rules) if (active(r) && r.accept(bears)) return true;
        return false;
    }

    /**
     * The fresh routes a re-solve with {@code lifted} lifted may add to the base pool: those some
     * lifted rule bears on. Other fresh routes were open in the base problem too; letting them in
     * would credit the rule with what a different candidate pool finds.
     */
    Allocator.RouteFilter opened(List<AccessRule> lifted) {
        return new Allocator.RouteFilter() {
            @Override public boolean admits(String agency, String commodity, String origin, String destination, List<String> roads) {
                return bearsAny(lifted, new Route(agency, commodity, origin, destination, roads));
            }

            /** Most fresh paths bear no lifted rule: skipping them spares building and timing their candidates. */
            @Override public boolean mayAdmit(String agency, String origin, String destination, List<String> roads) {
                return bearsAny(lifted, new Route(agency, null, origin, destination, roads));
            }
        };
    }

    /** What the rules read of a route: its agency, cargo (null: any cargo), ends and roads in driving order. */
    record Route(String agency, String commodity, String origin, String destination, List<String> roads) {}

    /**
     * The route's places: locations in driving order (origin first) and their provinces, each once.
     * Lists, not sets: a route crosses a handful of provinces, and this is built for every fresh path
     * of every re-solve of an explanation (hash sets made a tenth of its garbage).
     */
    private record Path(List<String> nodes, List<String> provinces, List<String> provincesEntered) {}

    private Path path(Route route) {
        List<String> nodes = new ArrayList<>();
        String at = route.origin();
        nodes.add(at);
        for (String road : route.roads()) {
            at = roads.get(road).other(at);
            nodes.add(at);
        }
        List<String> provinces = new ArrayList<>(4);
        List<String> entered = new ArrayList<>(4);
        for (int i = 0; i < nodes.size(); i++) {
            String province = locations.get(nodes.get(i)).province();
            addOnce(provinces, province);
            if (i > 0) addOnce(entered, province);
        }
        // a zero-leg route hands stock out where it lies: that province's restrictions apply
        if (route.roads().isEmpty()) addOnce(entered, locations.get(route.origin()).province());
        return new Path(nodes, provinces, entered);
    }

    private static void addOnce(List<String> list, String item) {
        if (!list.contains(item)) list.add(item);
    }

    /**
     * One method per rule type: does the rule bear on this route? The route's places are worked out
     * on first use only: the road rules read the road ids alone, and the generator asks this of
     * every fresh path of every re-solve.
     */
    private final class Bears implements AccessRule.Visitor<Boolean> {
        private final Route route;
        private Path places;

        Bears(Route route) { this.route = route; }

        private Path path() {
            if (places == null) places = RuleReach.this.path(route);
            return places;
        }

        private boolean forAgency(String agency) { return agency == null || agency.equals(route.agency()); }

        /** The route drives the closed road. */
        public Boolean roadClosed(AccessRule.RoadClosed r) { return route.roads().contains(r.road()); }

        /** The route starts at or passes the closed crossing. */
        public Boolean entryPointClosed(AccessRule.EntryPointClosed r) { return path().nodes().contains(r.entryPoint()); }

        /** The route touches the denied province and the denial covers its agency. */
        public Boolean areaDenied(AccessRule.AreaDenied r) { return forAgency(r.agency()) && path().provinces().contains(r.province()); }

        /** The route enters the permit's province (delay may break the deadline; added risk the cap). */
        public Boolean permitRequired(AccessRule.PermitRequired r) {
            return forAgency(r.agency()) && path().provincesEntered().contains(r.province())
                    && !r.province().equals(locations.get(route.origin()).province());
        }

        /** The route brings a women-staff commodity into the barred province for an agency without exemption. */
        public Boolean womenStaffBarred(AccessRule.WomenStaffBarred r) {
            Commodity c = route.commodity() == null ? null : commodities.get(route.commodity());
            boolean staffCargo = route.commodity() == null || (c != null && c.needsWomenStaff());
            return staffCargo && r.province().equals(locations.get(route.destination()).province())
                    && !r.exemptAgencies().contains(route.agency());
        }

        /** The route uses a road touching the capped province. */
        public Boolean convoySizeLimit(AccessRule.ConvoySizeLimit r) { return !route.roads().isEmpty() && path().provinces().contains(r.province()); }

        /** The route brings the restricted commodity into (or through) the province. */
        public Boolean commodityRestricted(AccessRule.CommodityRestricted r) {
            return (route.commodity() == null || r.commodity().equals(route.commodity())) && path().provincesEntered().contains(r.province());
        }

        /** The route drives the escorted road. */
        public Boolean escortImposed(AccessRule.EscortImposed r) { return route.roads().contains(r.road()); }

        /** The route drives the overridden road, or a road touching the overridden province. */
        public Boolean riskOverride(AccessRule.RiskOverride r) {
            if (r.road() != null) return route.roads().contains(r.road());
            for (String id : route.roads()) {
                Road road = roads.get(id);
                if (locations.get(road.from()).province().equals(r.province()) || locations.get(road.to()).province().equals(r.province())) return true;
            }
            return false;
        }
    }
}
