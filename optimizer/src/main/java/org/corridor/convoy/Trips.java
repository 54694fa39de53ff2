package org.corridor.convoy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedWeightedMultigraph;

/**
 * The calendar arithmetic of the convoy stage, compiled once per solve and kept apart from CP-SAT:
 * on which days each route may depart, how long each vehicle group is busy per trip, and which
 * convoy caps apply on which road and day. One {@link AgencyTrips} per agency, because agencies
 * share nothing in the model (own fleet, own convoys), which is what lets the stage fan out.
 *
 * <p>Times are whole minutes (hours x 60, rounded), so day boundaries never depend on floating-point
 * sums. With D the driving minutes per day, a leg starting after m minutes of the route is entered on
 * day {@code dep + floor(m / D)} and left on day {@code dep + ceil((m + leg) / D) - 1}; the convoy
 * arrives (unloads) on day {@code dep + ceil(route / D)}, as the allocation counts it.
 */
final class Trips {
    /** Model units per tonne: CP-SAT needs integers; 100 kg is fine against 10-20 t trucks and keeps domains small. */
    static final long UNITS_PER_TONNE = 10;
    /** Fixed-point scale of the objective coefficients (severity x delivered share, loss share). */
    static final long COEFFICIENT_SCALE = 10_000;

    private Trips() {}

    /** Vehicles of one type at one base (identical entries of the fleet are merged). */
    record Group(int index, String type, String base, double payloadTonnes, long payloadUnits, int count) {}

    /**
     * One route of the allocation as the model sees it.
     *
     * @param days             departure days left after closures, denials, permits, horizon and deadline
     * @param daysNoDeadline   the same without the deadline (to tell DEADLINE from CLOSED)
     * @param lead             per group: days of positioning from its base before departure; -1 = does not
     *                         serve r (no road from its base, or based more than a driving day further
     *                         than the nearest base of the agency)
     * @param cycle            per group: days a truck is committed per trip
     * @param deliveredCoef    objective coefficient per unit carried: severity x (1 - loss share), scaled
     * @param diversionCoef    objective coefficient per unit carried: loss share, scaled
     */
    record Trip(int index, Plan.Route route, int[] entryOffset, int travelDays, long askedUnits,
                double lossShare, long deliveredCoef, long diversionCoef, int deadline,
                int[] days, int[] daysNoDeadline, int[] lead, int[] cycle) {
        boolean servedBy(Group g, int day) { return lead[g.index()] >= 0 && day - lead[g.index()] >= 0; }
    }

    /** One convoy cap: trucks of the agency entering {@code road} on {@code day} are at most {@code cap}. */
    record CapBucket(String road, int day, int cap, List<int[]> members) {}

    /**
     * Everything one agency's model needs.
     *
     * @param reserved per group and day: trucks committed to convoys kept as they are (a re-solve's frozen
     *                 and unaffected convoys), busy from their busyFromDay to their busyToDay inclusive
     */
    record AgencyTrips(String agency, List<Group> groups, List<String> bases, List<Trip> trips, List<CapBucket> caps,
                       int[][] reserved) {
        /** Trucks of group g committed on day k to kept convoys. */
        int reserved(Group g, int k) {
            int[] perDay = reserved[g.index()];
            return k >= 0 && k < perDay.length ? perDay[k] : 0;
        }

        /** Trucks of group g free for new convoys on day k: count_g - reserved_gk, never below 0. */
        long free(Group g, int k) { return Math.max(0, g.count() - reserved(g, k)); }

        /**
         * Where each of {@code convoys} (a previous plan's) sits in this model, in the order given: those of this
         * agency whose route, departure day and hub the model still has. What CP-SAT is hinted with and what a
         * repair places again.
         */
        List<Slot> slots(List<Plan.Convoy> convoys) {
            Map<String, Trip> byRoute = new HashMap<>();
            for (Trip r : trips) byRoute.put(r.route().id(), r);
            List<Slot> out = new ArrayList<>();
            for (Plan.Convoy c : convoys) {
                Trip r = byRoute.get(c.route());
                if (r == null || !c.agency().equals(agency)) continue;
                int di = java.util.Arrays.binarySearch(r.days(), c.departureDay()), b = bases.indexOf(c.hub());
                if (di >= 0 && b >= 0) out.add(new Slot(c, r, di, b));
            }
            return out;
        }
    }

    /** A previous convoy in a model: its trip, the index of its departure day among the trip's days, and its base's index. */
    record Slot(Plan.Convoy convoy, Trip trip, int day, int base) {}

    /** Compiles every agency that has routes with cargo, in the scenario's agency order; no truck is reserved. */
    static List<AgencyTrips> compile(Scenario scenario, Plan plan, ConvoyOptions options) {
        return compile(scenario, plan, options, ConvoyScheduler.Committed.NOTHING);
    }

    /**
     * Compiles every agency that has routes with cargo, in the scenario's agency order: departures from
     * {@code committed.fromDay()} on, with the trucks of {@code committed.kept()} (convoys kept as they are)
     * reserved for their round trips and counted in the convoy caps.
     */
    static List<AgencyTrips> compile(Scenario scenario, Plan plan, ConvoyOptions options, ConvoyScheduler.Committed committed) {
        RuleCalendar calendar = new RuleCalendar(scenario);
        Map<String, Location> locations = scenario.locationsById();
        Graph<String, DefaultWeightedEdge> graph = hoursGraph(scenario);
        int horizon = plan.options().horizonDays();
        long dayMinutes = Math.round(options.dailyDrivingHours() * 60);
        Map<String, List<Plan.Route>> byAgency = new HashMap<>(); // one pass over the routes, not one per agency
        for (Plan.Route r : plan.routes()) if (needsTrucks(r)) byAgency.computeIfAbsent(r.agency(), a -> new ArrayList<>()).add(r);
        Map<String, Need> destinations = destinations(scenario);
        List<AgencyTrips> out = new ArrayList<>();
        for (Agency agency : scenario.agencies()) {
            List<Plan.Route> routes = byAgency.getOrDefault(agency.id(), List.of());
            if (routes.isEmpty()) continue;
            List<Group> groups = groups(agency);
            List<String> bases = groups.stream().map(Group::base).distinct().toList();
            Map<String, DijkstraShortestPath.SingleSourcePaths<String, DefaultWeightedEdge>> fromBase = new HashMap<>();
            for (String b : bases) fromBase.put(b, new DijkstraShortestPath<>(graph).getPaths(b));
            List<Trip> trips = new ArrayList<>();
            for (Plan.Route r : routes)
                trips.add(trip(trips.size(), r, agency.id(), groups, fromBase, destinations, locations, calendar, horizon, dayMinutes,
                        options.loadingDays(), committed.fromDay()));
            out.add(new AgencyTrips(agency.id(), groups, bases, List.copyOf(trips), capBuckets(trips, locations, calendar, keptOnRoads(agency.id(), committed, dayMinutes)),
                    reserved(agency.id(), groups, committed.kept())));
        }
        return out;
    }

    /**
     * Trucks of the agency's kept convoys entering each road on each day, keyed as the cap buckets
     * ("road#day"): a convoy leaving on d enters leg k on d + entry_k.
     */
    private static Map<String, Integer> keptOnRoads(String agency, ConvoyScheduler.Committed committed, long dayMinutes) {
        Map<String, Plan.Route> routes = new HashMap<>();
        for (Plan.Route r : committed.routes()) routes.put(r.id(), r);
        Map<String, Integer> out = new HashMap<>();
        for (Plan.Convoy c : committed.kept()) {
            Plan.Route r = routes.get(c.route());
            if (!c.agency().equals(agency) || r == null) continue;
            int[] entry = legDays(r.legs(), dayMinutes)[0];
            for (int k = 0; k < entry.length; k++) out.merge(bucketKey(r.legs().get(k).road(), c.departureDay() + entry[k]), c.truckCount(), Integer::sum);
        }
        return out;
    }

    private static String bucketKey(String road, int day) { return road + "#" + String.format("%05d", day); }

    /**
     * Trucks of the {@code kept} convoys per group and day: a convoy of the agency with n trucks of type y based at
     * its hub reserves n of group y@hub on every day of [busyFromDay, busyToDay].
     */
    private static int[][] reserved(String agency, List<Group> groups, List<Plan.Convoy> kept) {
        int[][] out = new int[groups.size()][];
        for (Group g : groups) {
            int last = -1;
            for (Plan.Convoy c : kept)
                if (c.agency().equals(agency) && c.hub().equals(g.base()) && c.trucks().containsKey(g.type())) last = Math.max(last, c.busyToDay());
            out[g.index()] = new int[last + 1];
            for (Plan.Convoy c : kept) {
                if (!c.agency().equals(agency) || !c.hub().equals(g.base())) continue;
                Integer n = c.trucks().get(g.type());
                if (n == null) continue;
                for (int k = Math.max(0, c.busyFromDay()); k <= c.busyToDay(); k++) out[g.index()][k] += n;
            }
        }
        return out;
    }

    /**
     * Whether two compiled agencies give the same CP-SAT model: equal in everything the model reads (groups,
     * bases, per trip its route's agency, cargo, ends, days and roads, and the trip's integers: asked units,
     * objective coefficients, departure days, offsets, leads and cycles; the cap buckets and the reserved
     * trucks), trips in the same order. Route ids are left out because every plan numbers its routes afresh;
     * the i-th trip of one is then the i-th trip of the other. The route's tonnes and loss share enter only
     * through those integers: an LP re-solve reads the same vertex back with a different last digit
     * (1e-6 t), which must not count as a change when it leaves the model as it was.
     */
    static boolean sameModel(AgencyTrips a, AgencyTrips b) {
        if (!a.agency().equals(b.agency()) || !a.groups().equals(b.groups()) || !a.bases().equals(b.bases())
                || a.trips().size() != b.trips().size() || a.caps().size() != b.caps().size()
                || !java.util.Arrays.deepEquals(a.reserved(), b.reserved())) return false;
        for (int i = 0; i < a.trips().size(); i++) if (!sameTrip(a.trips().get(i), b.trips().get(i))) return false;
        for (int i = 0; i < a.caps().size(); i++) {
            CapBucket x = a.caps().get(i), y = b.caps().get(i);
            if (!x.road().equals(y.road()) || x.day() != y.day() || x.cap() != y.cap() || x.members().size() != y.members().size()) return false;
            for (int m = 0; m < x.members().size(); m++) if (!java.util.Arrays.equals(x.members().get(m), y.members().get(m))) return false;
        }
        return true;
    }

    private static boolean sameTrip(Trip x, Trip y) {
        return x.index() == y.index() && sameWay(x.route(), y.route()) && java.util.Arrays.equals(x.entryOffset(), y.entryOffset())
                && x.travelDays() == y.travelDays() && x.askedUnits() == y.askedUnits()
                && x.deliveredCoef() == y.deliveredCoef() && x.diversionCoef() == y.diversionCoef() && x.deadline() == y.deadline()
                && java.util.Arrays.equals(x.days(), y.days()) && java.util.Arrays.equals(x.daysNoDeadline(), y.daysNoDeadline())
                && java.util.Arrays.equals(x.lead(), y.lead()) && java.util.Arrays.equals(x.cycle(), y.cycle());
    }

    /** Same agency, cargo, ends, days and roads (each leg's road, ends and hours), whatever the tonnes. */
    private static boolean sameWay(Plan.Route x, Plan.Route y) {
        if (!x.agency().equals(y.agency()) || !x.commodity().equals(y.commodity()) || !x.origin().equals(y.origin())
                || !x.destination().equals(y.destination()) || x.departureDay() != y.departureDay() || x.arrivalDay() != y.arrivalDay()
                || x.legs().size() != y.legs().size()) return false;
        for (int k = 0; k < x.legs().size(); k++) {
            Plan.Leg a = x.legs().get(k), b = y.legs().get(k);
            if (!a.road().equals(b.road()) || !a.from().equals(b.from()) || !a.to().equals(b.to()) || Double.compare(a.hours(), b.hours()) != 0)
                return false;
        }
        return true;
    }

    /** A route needs trucks when it has roads to drive and at least one model unit of cargo. */
    static boolean needsTrucks(Plan.Route r) {
        return !r.legs().isEmpty() && askedUnits(r) > 0;
    }

    /** Whole model units of the route's tonnes, rounded down so convoys never carry more than asked. */
    static long askedUnits(Plan.Route r) {
        return (long) Math.floor(r.tonnesDispatched() * UNITS_PER_TONNE + 1e-9);
    }

    private static List<Group> groups(Agency agency) {
        Map<String, Agency.Vehicle> merged = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Agency.Vehicle v : agency.fleet()) {
            String key = v.type() + "@" + v.base();
            merged.putIfAbsent(key, v);
            counts.merge(key, v.count(), Integer::sum);
        }
        List<Group> groups = new ArrayList<>();
        for (var e : merged.entrySet()) {
            Agency.Vehicle v = e.getValue();
            int count = counts.get(e.getKey());
            if (count > 0)
                groups.add(new Group(groups.size(), v.type(), v.base(), v.payloadTonnes(),
                        Math.max(1, Math.round(v.payloadTonnes() * UNITS_PER_TONNE)), count));
        }
        return List.copyOf(groups);
    }

    /** Road hours as a directed graph, for positioning empty trucks from their base to a route's origin. */
    private static Graph<String, DefaultWeightedEdge> hoursGraph(Scenario scenario) {
        Graph<String, DefaultWeightedEdge> g = new DirectedWeightedMultigraph<>(DefaultWeightedEdge.class);
        for (Location l : scenario.locations()) g.addVertex(l.id());
        for (Road r : scenario.roads()) {
            g.setEdgeWeight(g.addEdge(r.from(), r.to()), r.hours());
            if (!r.directed()) g.setEdgeWeight(g.addEdge(r.to(), r.from()), r.hours());
        }
        return g;
    }

    /** The need at each place for each commodity ({@link #destinationKey}); a scenario has at most one per pair. */
    private static Map<String, Need> destinations(Scenario scenario) {
        Map<String, Need> out = new HashMap<>();
        for (Need n : scenario.needs()) out.put(destinationKey(n.location(), n.commodity()), n);
        return out;
    }

    private static String destinationKey(String location, String commodity) { return location + "|" + commodity; }

    private static Trip trip(int index, Plan.Route r, String agency, List<Group> groups,
                             Map<String, DijkstraShortestPath.SingleSourcePaths<String, DefaultWeightedEdge>> fromBase,
                             Map<String, Need> destinations, Map<String, Location> locations, RuleCalendar calendar,
                             int horizon, long dayMinutes, int loadingDays, int fromDay) {
        int[][] legDays = legDays(r.legs(), dayMinutes);
        int[] entry = legDays[0], exit = legDays[1];
        long routeMinutes = 0;
        for (Plan.Leg l : r.legs()) routeMinutes += Math.round(l.hours() * 60);
        int travelDays = (int) ceilDiv(routeMinutes, dayMinutes);

        // the need the route delivers to sets its weight and deadline; with none there, weight 1 and the horizon
        Need need = destinations.get(destinationKey(r.destination(), r.commodity()));
        int deadline = need == null ? horizon : need.latestDay();
        double weight = need == null ? 1 : need.severityWeight();
        double loss = r.tonnesDispatched() > 0 ? r.expectedDiversionTonnes() / r.tonnesDispatched() : 0;

        List<Integer> open = new ArrayList<>(), inTime = new ArrayList<>();
        for (int d = Math.max(fromDay, r.departureDay()); d < horizon; d++) {
            if (!departureAllowed(r, agency, d, entry, exit, locations, calendar)) continue;
            open.add(d);
            if (d + travelDays <= deadline) inTime.add(d);
        }

        int[] lead = new int[groups.size()], cycle = new int[groups.size()];
        long nearest = Long.MAX_VALUE;
        for (Group g : groups) {
            double h = fromBase.get(g.base()).getWeight(r.origin());
            if (!Double.isInfinite(h)) nearest = Math.min(nearest, Math.round(h * 60));
        }
        for (Group g : groups) {
            double hoursToOrigin = fromBase.get(g.base()).getWeight(r.origin());
            long positioning = Double.isInfinite(hoursToOrigin) ? Long.MAX_VALUE : Math.round(hoursToOrigin * 60);
            // bases more than a driving day further than the nearest one are left out: their trucks
            // would cost two extra days per trip, and the model stays a fraction of its size
            if (positioning == Long.MAX_VALUE || positioning > nearest + dayMinutes) { lead[g.index()] = -1; continue; }
            lead[g.index()] = (int) ceilDiv(positioning, dayMinutes);
            cycle[g.index()] = roundTripDays(positioning, routeMinutes, dayMinutes, loadingDays, lead[g.index()] + travelDays + 1);
        }
        return new Trip(index, r, entry, travelDays, askedUnits(r), loss,
                Math.round(COEFFICIENT_SCALE * weight * (1 - loss)), Math.round(COEFFICIENT_SCALE * loss), deadline,
                toArray(inTime), toArray(open), lead, cycle);
    }

    /**
     * Day offsets from departure on which each leg is driven: {entry[k], exit[k]} with m_k the minutes
     * before leg k, entry = floor(m_k / D) and exit = ceil((m_k + leg_k) / D) - 1.
     */
    static int[][] legDays(List<Plan.Leg> legs, long dayMinutes) {
        int[] entry = new int[legs.size()], exit = new int[legs.size()];
        long before = 0;
        for (int k = 0; k < legs.size(); k++) {
            long minutes = Math.round(legs.get(k).hours() * 60);
            entry[k] = (int) (before / dayMinutes);
            exit[k] = Math.max(entry[k], (int) ceilDiv(before + minutes, dayMinutes) - 1);
            before += minutes;
        }
        return new int[][] {entry, exit};
    }

    /**
     * Round trip of one truck: cycle = max(loadingDays + ceil(2 (positioning + route) / D), outboundDays),
     * i.e. out from its base to the origin, the loaded trip and back the same way, driving D minutes a
     * day, and never shorter than the days from leaving its base to its arrival day, inclusive.
     */
    static int roundTripDays(long positioningMinutes, long routeMinutes, long dayMinutes, int loadingDays, int outboundDays) {
        return (int) Math.max(outboundDays, loadingDays + ceilDiv(2 * (positioningMinutes + routeMinutes), dayMinutes));
    }

    /**
     * Open days: departure d is allowed iff for every leg k and every day e in [d + entry_k, d + exit_k]
     * the road is open, neither end is a closed entry point, the agency is not denied either end's
     * province, and d >= the delay of every permit in force on d + entry_k for those provinces.
     */
    static boolean departureAllowed(Plan.Route r, String agency, int d, int[] entry, int[] exit,
                                    Map<String, Location> locations, RuleCalendar calendar) {
        for (int k = 0; k < entry.length; k++) {
            Plan.Leg leg = r.legs().get(k);
            String pFrom = locations.get(leg.from()).province(), pTo = locations.get(leg.to()).province();
            for (int e = d + entry[k]; e <= d + exit[k]; e++) {
                if (calendar.roadClosed(leg.road(), e) || calendar.locationClosed(leg.from(), e) || calendar.locationClosed(leg.to(), e)
                        || calendar.denied(agency, pFrom, e) || calendar.denied(agency, pTo, e)) return false;
            }
            int e = d + entry[k];
            if (d < calendar.permitDelay(agency, pFrom, e) || d < calendar.permitDelay(agency, pTo, e)) return false;
        }
        return true;
    }

    /**
     * Convoy caps: for each road k of a route in a province with a cap in force on the entry day e =
     * d + entry_k, the route's trucks departing on d join the bucket (road, e) whose cap is the smallest
     * in force for either end's province, less the trucks of kept convoys entering that road on e.
     */
    private static List<CapBucket> capBuckets(List<Trip> trips, Map<String, Location> locations, RuleCalendar calendar,
                                              Map<String, Integer> kept) {
        Map<String, CapBucket> buckets = new java.util.TreeMap<>();
        for (Trip t : trips) {
            for (int k = 0; k < t.entryOffset().length; k++) {
                Plan.Leg leg = t.route().legs().get(k);
                String pFrom = locations.get(leg.from()).province(), pTo = locations.get(leg.to()).province();
                for (int di = 0; di < t.days().length; di++) {
                    int e = t.days()[di] + t.entryOffset()[k];
                    int limit = Math.min(calendar.convoyCap(pFrom, e), calendar.convoyCap(pTo, e));
                    if (limit == Integer.MAX_VALUE) continue;
                    String key = bucketKey(leg.road(), e);
                    int cap = Math.max(0, limit - kept.getOrDefault(key, 0));
                    buckets.computeIfAbsent(key, x -> new CapBucket(leg.road(), e, cap, new ArrayList<>()))
                            .members().add(new int[] {t.index(), di});
                }
            }
        }
        return List.copyOf(buckets.values());
    }

    static long ceilDiv(long a, long b) { return -Math.floorDiv(-a, b); }

    private static int[] toArray(List<Integer> xs) { return xs.stream().mapToInt(Integer::intValue).toArray(); }

    /**
     * The access rules in force on a given day, indexed by what they name (road, place or province), so
     * that a query scans only the few rules about its road or province: compiling the trips asks it for
     * every route, departure day and leg. Immutable, thread-safe.
     */
    static final class RuleCalendar {
        private final Map<String, Road> roads;
        private final Map<String, List<AccessRule.RoadClosed>> roadClosed = new HashMap<>();
        private final Map<String, List<AccessRule.EntryPointClosed>> entryClosed = new HashMap<>();
        private final Map<String, List<AccessRule.AreaDenied>> denied = new HashMap<>();
        private final Map<String, List<AccessRule.PermitRequired>> permits = new HashMap<>();
        private final Map<String, List<AccessRule.ConvoySizeLimit>> caps = new HashMap<>();
        private final Map<String, List<AccessRule.EscortImposed>> escorts = new HashMap<>();

        RuleCalendar(Scenario scenario) {
            roads = scenario.roadsById();
            for (AccessRule rule : scenario.rules()) rule.accept(new AccessRule.Visitor<Void>() {
                public Void roadClosed(AccessRule.RoadClosed r) { return add(roadClosed, r.road(), r); }
                public Void entryPointClosed(AccessRule.EntryPointClosed r) { return add(entryClosed, r.entryPoint(), r); }
                public Void areaDenied(AccessRule.AreaDenied r) { return add(denied, r.province(), r); }
                public Void permitRequired(AccessRule.PermitRequired r) { return add(permits, r.province(), r); }
                // the allocation has already kept these commodities and staff out; no day effect
                public Void womenStaffBarred(AccessRule.WomenStaffBarred r) { return null; }
                public Void convoySizeLimit(AccessRule.ConvoySizeLimit r) { return add(caps, r.province(), r); }
                public Void commodityRestricted(AccessRule.CommodityRestricted r) { return null; }
                public Void escortImposed(AccessRule.EscortImposed r) { return add(escorts, r.road(), r); }
                // risk is already priced into the route's loss share by the allocation
                public Void riskOverride(AccessRule.RiskOverride r) { return null; }
            });
        }

        private static <R> Void add(Map<String, List<R>> index, String key, R rule) {
            index.computeIfAbsent(key, k -> new ArrayList<>()).add(rule);
            return null;
        }

        boolean roadClosed(String road, int day) {
            Road r = roads.get(road);
            if (r != null && r.closedOn(day)) return true;
            for (AccessRule.RoadClosed c : roadClosed.getOrDefault(road, List.of())) if (c.validity().contains(day)) return true;
            return false;
        }

        boolean locationClosed(String location, int day) {
            for (AccessRule.EntryPointClosed c : entryClosed.getOrDefault(location, List.of())) if (c.validity().contains(day)) return true;
            return false;
        }

        boolean denied(String agency, String province, int day) {
            for (AccessRule.AreaDenied c : denied.getOrDefault(province, List.of()))
                if ((c.agency() == null || c.agency().equals(agency)) && c.validity().contains(day)) return true;
            return false;
        }

        /** Longest delay of the permits in force for the agency in the province on that day; 0 when none. */
        int permitDelay(String agency, String province, int day) {
            int delay = 0;
            for (AccessRule.PermitRequired c : permits.getOrDefault(province, List.of()))
                if ((c.agency() == null || c.agency().equals(agency)) && c.validity().contains(day)) delay = Math.max(delay, c.delayDays());
            return delay;
        }

        List<AccessRule.PermitRequired> permitsFor(String agency, String province, int day) {
            return permits.getOrDefault(province, List.of()).stream()
                    .filter(c -> (c.agency() == null || c.agency().equals(agency)) && c.validity().contains(day)).toList();
        }

        /** Smallest convoy cap in force in the province on that day; {@code Integer.MAX_VALUE} when none. */
        int convoyCap(String province, int day) {
            int cap = Integer.MAX_VALUE;
            for (AccessRule.ConvoySizeLimit c : caps.getOrDefault(province, List.of()))
                if (c.validity().contains(day)) cap = Math.min(cap, c.maxTrucks());
            return cap;
        }

        List<AccessRule.EscortImposed> escortsOn(String road, int day) {
            return escorts.getOrDefault(road, List.of()).stream().filter(c -> c.validity().contains(day)).toList();
        }
    }
}
