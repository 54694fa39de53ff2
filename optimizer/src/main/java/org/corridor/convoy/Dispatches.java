package org.corridor.convoy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.scenario.Location;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;

/**
 * Builds field teams' {@link Dispatch}es from a plan. Stateless and thread-safe.
 */
public final class Dispatches {
    /** Daylight driving starts at this hour of the day, local time. */
    static final int DAYLIGHT_START_HOUR = 6;

    private Dispatches() {}

    /** A field team: one agency at one hub. */
    public record Team(String agency, String hub) {
        /** {@link Plan#teamId(String, String)} of the team. */
        public String id() { return Plan.teamId(agency, hub); }
    }

    /** Every team that has orders in the plan, sorted by team id. */
    public static List<Team> teams(Plan plan) {
        Map<String, Team> teams = new TreeMap<>();
        for (Plan.Convoy c : plan.convoys()) teams.putIfAbsent(c.team(), new Team(c.agency(), c.hub()));
        return List.copyOf(teams.values());
    }

    /**
     * The dispatch of {@code agency}'s team at {@code hub}: its convoys only, by departure day then id.
     * A team without orders gets an empty dispatch (it still learns the plan id and version).
     *
     * @param scenario the scenario the plan was made for (road names, checkpoints, rules for the notes)
     * @param plan     a plan with convoys
     * @throws IllegalArgumentException when the plan has convoys but no convoy record
     */
    public static Dispatch forTeam(Scenario scenario, Plan plan, String agency, String hub) {
        String team = Plan.teamId(agency, hub);
        List<Plan.Convoy> own = new ArrayList<>();
        for (Plan.Convoy c : plan.convoys()) if (c.team().equals(team)) own.add(c);
        own.sort(java.util.Comparator.comparingInt(Plan.Convoy::departureDay).thenComparing(Plan.Convoy::id));
        if (!own.isEmpty() && plan.convoySolver() == null)
            throw new IllegalArgumentException("plan " + plan.planId() + " has convoys but no convoy record");
        Map<String, Plan.Route> routes = new TreeMap<>();
        for (Plan.Route r : plan.routes()) routes.put(r.id(), r);
        Trips.RuleCalendar calendar = new Trips.RuleCalendar(scenario);
        List<Dispatch.ConvoyOrder> orders = new ArrayList<>();
        for (Plan.Convoy c : own) orders.add(order(scenario, calendar, plan.convoySolver(), c, routes.get(c.route())));
        return new Dispatch(plan.planId(), plan.version(), Dispatch.SENSITIVITY, team, agency, hub, orders, List.of());
    }

    private static Dispatch.ConvoyOrder order(Scenario scenario, Trips.RuleCalendar calendar, Plan.ConvoyRecord record,
                                              Plan.Convoy c, Plan.Route route) {
        if (route == null) throw new IllegalArgumentException("convoy " + c.id() + " names a route the plan does not have");
        Map<String, Location> places = scenario.locationsById();
        Map<String, Road> roads = scenario.roadsById();
        long dayMinutes = Math.round(record.dailyDrivingHours() * 60);
        int[] entry = Trips.legDays(route.legs(), dayMinutes)[0];
        List<Dispatch.Leg> legs = new ArrayList<>();
        for (int k = 0; k < route.legs().size(); k++) {
            Plan.Leg l = route.legs().get(k);
            Road road = roads.get(l.road());
            int day = c.departureDay() + entry[k];
            legs.add(new Dispatch.Leg(k + 1, l.road(), road == null ? "" : road.name(), l.from(), l.to(), l.km(), l.hours(),
                    road == null ? 0 : road.checkpoints(), day, notes(calendar, places, c.agency(), l, day)));
        }
        long routeMinutes = 0;
        for (Plan.Leg l : route.legs()) routeMinutes += Math.round(l.hours() * 60);
        long slack = Math.max(0, dayMinutes - Math.min(dayMinutes, routeMinutes));
        Dispatch.DepartureWindow window = new Dispatch.DepartureWindow(c.departureDay(), clock(DAYLIGHT_START_HOUR * 60L),
                clock(DAYLIGHT_START_HOUR * 60L + slack));
        return new Dispatch.ConvoyOrder(c.id(), route.id(), route.origin(), name(places, route.origin()), route.destination(),
                name(places, route.destination()), c.departureDay(), window, c.arrivalDay(), c.busyToDay(), c.trucks(),
                c.manifest(), c.expectedDiversionTonnes(), legs);
    }

    /** Permits to show when entering a province, escorts imposed on the road, convoy caps, on the day the leg is entered. */
    private static List<String> notes(Trips.RuleCalendar calendar, Map<String, Location> places, String agency, Plan.Leg l, int day) {
        List<String> notes = new ArrayList<>();
        String pFrom = province(places, l.from()), pTo = province(places, l.to());
        for (String p : pFrom.equals(pTo) ? List.of(pTo) : List.of(pFrom, pTo))
            for (AccessRule.PermitRequired r : calendar.permitsFor(agency, p, day))
                notes.add("permit required for " + p + " (rule " + r.id() + ", " + r.delayDays() + " days to obtain)");
        for (AccessRule.EscortImposed r : calendar.escortsOn(l.road(), day))
            notes.add("escort imposed (rule " + r.id() + ", +" + r.addedHours() + " h)");
        int cap = Math.min(calendar.convoyCap(pFrom, day), calendar.convoyCap(pTo, day));
        if (cap != Integer.MAX_VALUE) notes.add("convoys limited to " + cap + " trucks on this road");
        return notes;
    }

    private static String province(Map<String, Location> places, String id) {
        Location l = places.get(id);
        return l == null ? "" : l.province();
    }

    private static String name(Map<String, Location> places, String id) {
        Location l = places.get(id);
        return l == null ? id : l.name();
    }

    private static String clock(long minutes) {
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
