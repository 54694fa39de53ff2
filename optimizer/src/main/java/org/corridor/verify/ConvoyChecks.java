package org.corridor.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.plan.Plan.Convoy;
import org.corridor.plan.Plan.Leg;
import org.corridor.plan.Plan.Route;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Road;

/**
 * The verifier's checks of a plan's convoys, coded from the wire format's documentation
 * ({@link Plan.Convoy}) and the rule Javadoc, never from the convoy stage's code. Day arithmetic, with
 * D the plan's {@link Plan.ConvoyRecord#dailyDrivingHours()} in whole minutes and leg hours rounded to
 * whole minutes: leg k is driven on days dep + floor(m_k / D) .. dep + ceil((m_k + leg_k) / D) - 1 where
 * m_k is the minutes before it; arrival = dep + ceil(route / D).
 *
 * <p>One method per family, registered in {@link PlanVerifier}'s list. Stateless.
 */
final class ConvoyChecks {
    private ConvoyChecks() {}

    /**
     * Convoys name a route of the plan (or, having left under an earlier version, a route of that version:
     * {@link Plan.Convoy#DEPARTED_ROUTE_PREFIX}), its agency, a fleet hub of it, its own team id, and known vehicle types.
     */
    static void references(PlanVerifier.Context c, List<Violation> out) {
        if (!c.plan.convoys().isEmpty() && c.plan.convoySolver() == null)
            out.add(new Violation(Violation.Code.CONVOY_REFERENCE, "plan", "the plan has convoys but no convoy record (driving hours, loading days)"));
        Map<String, Route> routes = routesById(c);
        for (Convoy v : c.plan.convoys()) {
            Route r = routes.get(v.route());
            Agency a = c.agencies.get(v.agency());
            if (r == null) {
                if (!v.route().startsWith(Plan.Convoy.DEPARTED_ROUTE_PREFIX))
                    out.add(new Violation(Violation.Code.CONVOY_REFERENCE, v.id(), "convoy names unknown route " + v.route()));
            } else if (!r.agency().equals(v.agency()))
                out.add(new Violation(Violation.Code.CONVOY_REFERENCE, v.id(), "convoy of " + v.agency() + " carries route " + r.id() + " of " + r.agency()));
            if (a == null) { out.add(new Violation(Violation.Code.CONVOY_REFERENCE, v.id(), "convoy names unknown agency " + v.agency())); continue; }
            for (String type : v.trucks().keySet())
                if (vehicles(a, type, v.hub()) == 0)
                    out.add(new Violation(Violation.Code.CONVOY_REFERENCE, v.id(), a.id() + " has no " + type + " based at " + v.hub()));
            if (v.trucks().values().stream().anyMatch(n -> n <= 0))
                out.add(new Violation(Violation.Code.CONVOY_REFERENCE, v.id(), "convoy lists a vehicle type with no trucks"));
        }
    }

    /**
     * No agency uses more vehicles of a type at a base than it has on any day, counting round trips and
     * the last mile: for all (agency, type, base, day k): sum of trucks of convoys with
     * busyFromDay <= k <= busyToDay + distinct vehicles of last-mile tours from that base (their hub) on
     * day k <= count. A type the agency has no vehicle of at the base is a reference error (convoys) or
     * an ILLUSTRATIVE team (tours), not counted here.
     */
    static void fleet(PlanVerifier.Context c, List<Violation> out) {
        Map<String, TreeMap<Integer, Integer>> convoys = new TreeMap<>();
        for (Convoy v : c.plan.convoys())
            for (var e : v.trucks().entrySet()) {
                TreeMap<Integer, Integer> byDay = convoys.computeIfAbsent(v.agency() + "/" + e.getKey() + "/" + v.hub(), k -> new TreeMap<>());
                for (int k = v.busyFromDay(); k <= v.busyToDay(); k++) byDay.merge(k, e.getValue(), Integer::sum);
            }
        Map<String, TreeMap<Integer, Set<String>>> tours = new TreeMap<>();
        for (Plan.LastMileTour t : c.plan.lastMile())
            tours.computeIfAbsent(t.agency() + "/" + t.vehicleType() + "/" + t.hub(), k -> new TreeMap<>())
                    .computeIfAbsent(t.day(), k -> new TreeSet<>()).add(t.vehicle());
        Set<String> keys = new TreeSet<>(convoys.keySet());
        keys.addAll(tours.keySet());
        for (String key : keys) {
            String[] part = key.split("/");
            Agency a = c.agencies.get(part[0]);
            if (a == null) continue;
            int have = vehicles(a, part[1], part[2]);
            if (have == 0) continue;
            TreeMap<Integer, Integer> onConvoys = convoys.getOrDefault(key, new TreeMap<>());
            TreeMap<Integer, Set<String>> onTours = tours.getOrDefault(key, new TreeMap<>());
            Set<Integer> days = new TreeSet<>(onConvoys.keySet());
            days.addAll(onTours.keySet());
            for (int day : days) {
                int away = onConvoys.getOrDefault(day, 0), local = onTours.containsKey(day) ? onTours.get(day).size() : 0;
                if (away + local > have) {
                    out.add(new Violation(Violation.Code.FLEET_EXCEEDED, key, "on day " + day + " convoys use " + away + " and last-mile tours "
                            + local + " " + part[1] + " of " + part[0] + " based at " + part[2] + ", which has " + have));
                    break;
                }
            }
        }
    }

    /**
     * Convoy caps: for each agency, road and day e, the trucks entering the road on e are at most the
     * smallest ConvoySizeLimit in force on e in either end's province.
     */
    static void caps(PlanVerifier.Context c, List<Violation> out) {
        Plan.ConvoyRecord rec = c.plan.convoySolver();
        if (rec == null) return;
        Map<String, Route> routes = routesById(c);
        Map<String, Integer> trucks = new TreeMap<>();
        for (Convoy v : c.plan.convoys()) {
            Route r = routes.get(v.route());
            if (r == null) continue;
            int[][] days = legDays(r, rec.dailyDrivingHours());
            for (int k = 0; k < r.legs().size(); k++)
                trucks.merge(v.agency() + "/" + r.legs().get(k).road() + "/" + (v.departureDay() + days[k][0]), v.truckCount(), Integer::sum);
        }
        for (var e : trucks.entrySet()) {
            String[] key = e.getKey().split("/");
            Road road = c.roads.get(key[1]);
            if (road == null) continue;
            int day = Integer.parseInt(key[2]);
            int cap = Math.min(cap(c, c.access.province(road.from()), day), cap(c, c.access.province(road.to()), day));
            if (e.getValue() > cap)
                out.add(new Violation(Violation.Code.CONVOY_CAP, e.getKey(), key[0] + " sends " + e.getValue() + " trucks onto road "
                        + key[1] + " on day " + day + ", over the convoy cap of " + cap));
        }
    }

    /**
     * Departure in [0, H) and not before the route's own departure day; every leg's road open, its ends
     * not closed entry points and not in provinces denied to the agency on the days it is driven; departure
     * no earlier than every permit delay in force on entry; arrival = dep + ceil(route / D) and no later
     * than the need's last useful day; trucks committed from busyFromDay <= dep to busyToDay >= arrival,
     * at least loadingDays + ceil(2 x route / D) days.
     */
    static void timing(PlanVerifier.Context c, List<Violation> out) {
        Plan.ConvoyRecord rec = c.plan.convoySolver();
        if (rec == null) return;
        Map<String, Route> routes = routesById(c);
        long dayMinutes = Math.round(rec.dailyDrivingHours() * 60);
        for (Convoy v : c.plan.convoys()) {
            Route r = routes.get(v.route());
            if (r == null) continue;
            int dep = v.departureDay();
            List<String> problems = new ArrayList<>();
            if (dep < Math.max(0, r.departureDay()) || dep >= c.horizon())
                problems.add("departs on day " + dep + ", outside days " + Math.max(0, r.departureDay()) + ".." + (c.horizon() - 1));
            int[][] days = legDays(r, rec.dailyDrivingHours());
            for (int k = 0; k < r.legs().size(); k++) {
                Leg l = r.legs().get(k);
                for (int d = dep + days[k][0]; d <= dep + days[k][1]; d++) {
                    String why = closedOrDenied(c, v.agency(), l, d);
                    if (why != null) { problems.add(why + " on day " + d); break; }
                }
                for (String province : List.of(c.access.province(l.from()), c.access.province(l.to()))) {
                    int delay = permitDelay(c, v.agency(), province, dep + days[k][0]);
                    if (dep < delay) problems.add("departs on day " + dep + " but the permit for " + province + " takes " + delay + " days");
                }
            }
            long minutes = 0;
            for (Leg l : r.legs()) minutes += Math.round(l.hours() * 60);
            int arrival = dep + (int) -Math.floorDiv(-minutes, dayMinutes);
            if (v.arrivalDay() != arrival) problems.add("arrives on day " + v.arrivalDay() + ", but " + minutes + " driving minutes from day " + dep + " arrive on day " + arrival);
            double[] need = c.need.get(r.destination() + "/" + r.commodity());
            if (need != null && v.arrivalDay() > need[2]) problems.add("arrives on day " + v.arrivalDay() + ", after the need's last useful day " + (int) need[2]);
            long roundTrip = rec.loadingDays() + -Math.floorDiv(-2 * minutes, dayMinutes);
            if (v.busyFromDay() > dep || v.busyToDay() < v.arrivalDay() || v.busyToDay() - v.busyFromDay() + 1 < roundTrip)
                problems.add("commits its trucks on days " + v.busyFromDay() + ".." + v.busyToDay() + ", shorter than the round trip of " + roundTrip + " days");
            for (String p : problems) out.add(new Violation(Violation.Code.CONVOY_TIMING, v.id(), p));
        }
    }

    /**
     * Manifests: only the route's commodity, within the trucks' payload, sum over a route's convoys <= its
     * dispatched tonnes and equal to its schedule's scheduled tonnes, expected diversion = manifest x the
     * route's loss share.
     */
    static void manifests(PlanVerifier.Context c, List<Violation> out) {
        Map<String, Route> routes = routesById(c);
        Map<String, Double> carried = new LinkedHashMap<>();
        for (Convoy v : c.plan.convoys()) {
            Route r = routes.get(v.route());
            Agency a = c.agencies.get(v.agency());
            if (r == null || a == null) continue;
            double tonnes = v.manifest().values().stream().mapToDouble(Double::doubleValue).sum();
            carried.merge(r.id(), tonnes, Double::sum);
            if (v.manifest().keySet().stream().anyMatch(k -> !k.equals(r.commodity())))
                out.add(new Violation(Violation.Code.CONVOY_MANIFEST, v.id(), "manifest lists goods other than the route's " + r.commodity()));
            double payload = 0;
            for (var e : v.trucks().entrySet()) payload += e.getValue() * payloadOf(a, e.getKey(), v.hub());
            if (!PlanVerifier.atMost(tonnes, payload))
                out.add(new Violation(Violation.Code.CONVOY_MANIFEST, v.id(), "manifest of " + tonnes + " t exceeds the trucks' payload of " + payload + " t"));
            double share = r.tonnesDispatched() > 0 ? r.expectedDiversionTonnes() / r.tonnesDispatched() : 0;
            if (Math.abs(v.expectedDiversionTonnes() - tonnes * share) > 0.01)
                out.add(new Violation(Violation.Code.CONVOY_MANIFEST, v.id(), "expected diversion " + v.expectedDiversionTonnes()
                        + " t is not the manifest x the route's loss share (" + Math.round(tonnes * share * 100) / 100.0 + " t)"));
        }
        for (var e : carried.entrySet())
            if (!PlanVerifier.atMost(e.getValue(), routes.get(e.getKey()).tonnesDispatched()))
                out.add(new Violation(Violation.Code.CONVOY_MANIFEST, e.getKey(), "convoys carry " + e.getValue() + " t, more than the route's "
                        + routes.get(e.getKey()).tonnesDispatched() + " t"));
        for (Plan.RouteSchedule s : c.plan.routeSchedules()) {
            Route r = routes.get(s.route());
            boolean noTrucksNeeded = r != null && r.legs().isEmpty();
            double stated = carried.getOrDefault(s.route(), 0.0);
            if (!noTrucksNeeded && Math.abs(stated - s.scheduledTonnes()) > 0.01)
                out.add(new Violation(Violation.Code.CONVOY_MANIFEST, s.route(), "schedule says " + s.scheduledTonnes() + " t, convoys carry " + stated + " t"));
        }
    }

    // ---------------------------------------------------------------- the verifier's own day reading

    /** Per leg k: {first day offset, last day offset} on which it is driven. */
    private static int[][] legDays(Route r, double dailyDrivingHours) {
        long day = Math.round(dailyDrivingHours * 60), before = 0;
        int[][] out = new int[r.legs().size()][2];
        for (int k = 0; k < r.legs().size(); k++) {
            long m = Math.round(r.legs().get(k).hours() * 60);
            out[k][0] = (int) (before / day);
            out[k][1] = Math.max(out[k][0], (int) -Math.floorDiv(-(before + m), day) - 1);
            before += m;
        }
        return out;
    }

    /** Why the leg cannot be driven by the agency on the day, or null. */
    private static String closedOrDenied(PlanVerifier.Context c, String agency, Leg l, int day) {
        Road road = c.roads.get(l.road());
        if (road != null && road.closedOn(day)) return "road " + road.id() + " is seasonally closed";
        for (AccessRule rule : c.scenario.rules()) {
            if (!rule.validity().contains(day)) continue;
            String why = rule.accept(new AccessRule.Visitor<String>() {
                public String roadClosed(AccessRule.RoadClosed r) { return r.road().equals(l.road()) ? "road " + l.road() + " is closed by " + r.id() : null; }
                public String entryPointClosed(AccessRule.EntryPointClosed r) {
                    return r.entryPoint().equals(l.from()) || r.entryPoint().equals(l.to()) ? r.entryPoint() + " is closed by " + r.id() : null;
                }
                public String areaDenied(AccessRule.AreaDenied r) {
                    boolean touches = r.province().equals(c.access.province(l.from())) || r.province().equals(c.access.province(l.to()));
                    return touches && (r.agency() == null || r.agency().equals(agency)) ? r.province() + " is denied by " + r.id() : null;
                }
                public String permitRequired(AccessRule.PermitRequired r) { return null; }
                public String womenStaffBarred(AccessRule.WomenStaffBarred r) { return null; }
                public String convoySizeLimit(AccessRule.ConvoySizeLimit r) { return null; }
                public String commodityRestricted(AccessRule.CommodityRestricted r) { return null; }
                public String escortImposed(AccessRule.EscortImposed r) { return null; }
                public String riskOverride(AccessRule.RiskOverride r) { return null; }
            });
            if (why != null) return why;
        }
        return null;
    }

    private static int permitDelay(PlanVerifier.Context c, String agency, String province, int day) {
        int delay = 0;
        for (AccessRule rule : c.scenario.rules())
            if (rule instanceof AccessRule.PermitRequired p && p.province().equals(province) && p.validity().contains(day)
                    && (p.agency() == null || p.agency().equals(agency))) delay = Math.max(delay, p.delayDays());
        return delay;
    }

    private static int cap(PlanVerifier.Context c, String province, int day) {
        int cap = Integer.MAX_VALUE;
        for (AccessRule rule : c.scenario.rules())
            if (rule instanceof AccessRule.ConvoySizeLimit l && l.province().equals(province) && l.validity().contains(day))
                cap = Math.min(cap, l.maxTrucks());
        return cap;
    }

    private static int vehicles(Agency a, String type, String base) {
        return a.fleet().stream().filter(v -> v.type().equals(type) && v.base().equals(base)).mapToInt(Agency.Vehicle::count).sum();
    }

    private static double payloadOf(Agency a, String type, String base) {
        return a.fleet().stream().filter(v -> v.type().equals(type) && v.base().equals(base)).mapToDouble(Agency.Vehicle::payloadTonnes).max().orElse(0);
    }

    private static Map<String, Route> routesById(PlanVerifier.Context c) {
        Map<String, Route> m = new LinkedHashMap<>();
        for (Route r : c.plan.routes()) m.put(r.id(), r);
        return m;
    }
}
