package org.corridor.resolve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.allocation.Allocator;
import org.corridor.allocation.Stability;
import org.corridor.convoy.ConvoyOptions;
import org.corridor.convoy.ConvoyScheduler;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.WorkerPool;

/**
 * Re-solves after access changes: the new scenario version, planned so that it changes as little
 * as possible of the previous plan.
 *
 * <ul>
 *   <li>Frozen convoys: previous convoys departing before {@link ResolveOptions#asOfDay()} are kept
 *       exactly; the allocation must keep dispatching their tonnes on their routes (rows
 *       sum x_k >= frozen_k), and the convoy stage only schedules what they do not carry.</li>
 *   <li>Stability: the allocation's diversion and cost stages add weight x sum_k |x_k - previous_k|
 *       over the previous routes (matched by {@link Stability#routeKey}); coverage stays first.</li>
 *   <li>Warm start: the convoy stage gets the previous convoys, re-pointed at the new route ids, as
 *       CP-SAT hints.</li>
 * </ul>
 * Deterministic like the cold solve: the same inputs give the same plan. Thread-safe (no state).
 */
public final class Resolver {
    /**
     * Prefix of the route of a frozen convoy whose route the new plan no longer has (a road closed
     * under a convoy that has already left): {@code previous:R00003} is route R00003 of the previous plan.
     */
    public static final String PREVIOUS_ROUTE = "previous:";

    private Resolver() {}

    /**
     * @param before   the scenario version {@code previous} was made for
     * @param events   the events since, in order (applied to {@code before} to get the new version)
     * @param previous the plan being revised; its options are reused
     * @return the new plan, version {@code previous.version() + 1}
     * @throws org.corridor.scenario.ScenarioException located at the event that does not apply
     * @throws SolveControl.SolveCancelledException when {@code control} cancels
     */
    public static Plan resolve(Scenario before, List<Event> events, Plan previous, ResolveOptions options, SolveControl control) {
        Scenario newVersion = ScenarioVersion.apply(before, events);
        List<Plan.Convoy> frozen = new ArrayList<>();
        for (Plan.Convoy c : previous.convoys()) if (c.departureDay() < options.asOfDay()) frozen.add(c);
        Map<String, Plan.Route> previousRoutes = byId(previous.routes());
        Map<String, Double> frozenTonnes = new LinkedHashMap<>();
        for (Plan.Convoy c : frozen) {
            Plan.Route r = previousRoutes.get(c.route());
            if (r != null) frozenTonnes.merge(Stability.routeKey(r), c.manifest().getOrDefault(r.commodity(), 0.0), Double::sum);
        }
        Stability stability = Stability.of(previous, options.stabilityWeight()).withFrozen(frozenTonnes);
        Plan plan = Planner.solveInDetail(newVersion, previous.options(), control, stability, previous.version() + 1).plan();
        if (previous.convoys().isEmpty()) return plan;
        return scheduleConvoys(newVersion, plan, previous, frozen, untouchedAgencies(before, events, plan, previous), options, control);
    }

    /**
     * Agencies whose convoys can be kept as they are: the new allocation gives them exactly the
     * previous routes and tonnes, and no event touches any of their convoys' routes. Agencies share no
     * vehicles and convoy caps count one agency's trucks, so their schedule stays feasible and optimal.
     */
    private static java.util.Set<String> untouchedAgencies(Scenario before, List<Event> events, Plan plan, Plan previous) {
        List<PlanDiff.Footprint> prints = PlanDiff.Footprint.of(before, events);
        Map<String, Map<String, Double>> oldRoutes = routesByAgency(previous), newRoutes = routesByAgency(plan);
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (var e : oldRoutes.entrySet()) if (e.getValue().equals(newRoutes.get(e.getKey()))) out.add(e.getKey());
        for (Plan.Convoy c : previous.convoys()) if (PlanDiff.touched(prints, before, previous, c)) out.remove(c.agency());
        return out;
    }

    /** Per agency: route key -> tonnes dispatched. */
    private static Map<String, Map<String, Double>> routesByAgency(Plan p) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (Plan.Route r : p.routes()) out.computeIfAbsent(r.agency(), a -> new java.util.TreeMap<>()).merge(Stability.routeKey(r), r.tonnesDispatched(), Double::sum);
        return out;
    }

    /**
     * Convoys of the new plan: the frozen ones (route ids re-pointed at the new plan's same route) plus
     * CP-SAT's schedule of what they do not carry, hinted by the previous convoys, leaving on or after the
     * as-of day with the frozen convoys' trucks reserved for their round trips.
     */
    private static Plan scheduleConvoys(Scenario scenario, Plan plan, Plan previous, List<Plan.Convoy> frozen,
                                        java.util.Set<String> untouched, ResolveOptions options, SolveControl control) {
        Map<String, String> newIdByKey = new LinkedHashMap<>();
        for (Plan.Route r : plan.routes()) newIdByKey.put(Stability.routeKey(r), r.id());
        Map<String, Plan.Route> newRoutes = byId(plan.routes());
        Map<String, String> repoint = new LinkedHashMap<>(); // previous route id -> new route id
        for (Plan.Route r : previous.routes()) {
            String id = newIdByKey.get(Stability.routeKey(r));
            if (id != null) repoint.put(r.id(), id);
        }
        List<Plan.Convoy> kept = new ArrayList<>(), hints = new ArrayList<>();
        Map<String, Double> carried = new LinkedHashMap<>(); // new route id -> tonnes frozen convoys carry
        for (Plan.Convoy c : previous.convoys()) {
            String id = repoint.get(c.route());
            boolean isFrozen = frozen.contains(c) || untouched.contains(c.agency());
            if (id == null) { if (isFrozen) kept.add(withRoute(c, PREVIOUS_ROUTE + c.route())); continue; } // it has left: it still exists
            Plan.Convoy moved = withRoute(c, id);
            if (isFrozen) {
                moved = withLossOf(moved, newRoutes.get(id));
                kept.add(moved);
                carried.merge(id, c.manifest().values().stream().mapToDouble(Double::doubleValue).sum(), Double::sum);
            } else {
                hints.add(moved);
            }
        }
        List<Plan.Route> rest = new ArrayList<>();
        for (Plan.Route r : plan.routes()) {
            if (untouched.contains(r.agency())) continue;
            double left = r.tonnesDispatched() - carried.getOrDefault(r.id(), 0.0);
            if (left > Allocator.MIN_TONNES) rest.add(withTonnes(r, left));
        }
        ConvoyOptions convoyOptions = previous.convoySolver() == null ? ConvoyOptions.DEFAULTS
                : new ConvoyOptions(previous.convoySolver().dailyDrivingHours(), previous.convoySolver().loadingDays(),
                        previous.convoySolver().deterministic(), ConvoyOptions.DEFAULTS.workLimit());
        Plan toSchedule = new Plan(plan.planId(), plan.version(), plan.scenario(), plan.options(), plan.kpis(), rest, plan.unmet(), plan.solver());
        Plan hinted = previous.withConvoys(hints, previous.routeSchedules(), previous.convoySolver());
        List<Plan.Convoy> convoys = new ArrayList<>(kept);
        List<Plan.RouteSchedule> schedules = new ArrayList<>();
        for (Plan.RouteSchedule rs : previous.routeSchedules())
            if (untouched.contains(rs.agency()) && repoint.containsKey(rs.route()))
                schedules.add(new Plan.RouteSchedule(repoint.get(rs.route()), rs.agency(), rs.askedTonnes(), rs.scheduledTonnes(), rs.reason(), rs.detail()));
        Plan.ConvoyRecord record = previous.convoySolver();
        if (!rest.isEmpty()) {
            Plan scheduled;
            try (WorkerPool pool = new WorkerPool(plan.options().effectiveThreads())) {
                scheduled = ConvoyScheduler.schedule(scenario, toSchedule, convoyOptions, pool, control, hinted,
                        new ConvoyScheduler.Committed(options.asOfDay(), frozen));
            }
            convoys.addAll(scheduled.convoys());
            schedules.addAll(scheduled.routeSchedules());
            record = scheduled.convoySolver();
        }
        // the frozen convoys' tonnes count in their routes' schedules too
        Map<String, Plan.Route> routes = byId(plan.routes());
        Map<String, Double> unscheduled = new LinkedHashMap<>(carried);
        for (int i = 0; i < schedules.size(); i++) {
            Plan.RouteSchedule rs = schedules.get(i);
            Double t = unscheduled.remove(rs.route());
            if (t != null && !untouched.contains(rs.agency()))
                schedules.set(i, new Plan.RouteSchedule(rs.route(), rs.agency(), rs.askedTonnes() + t, rs.scheduledTonnes() + t, rs.reason(), rs.detail()));
        }
        unscheduled.forEach((id, t) -> schedules.add(new Plan.RouteSchedule(id, routes.get(id).agency(), t, t, Plan.Shortfall.NONE,
                "carried by convoys that left before day " + options.asOfDay())));
        convoys.sort(java.util.Comparator.comparing(Plan.Convoy::id));
        schedules.sort(java.util.Comparator.comparing(Plan.RouteSchedule::route));
        return plan.withConvoys(convoys, schedules, record);
    }

    private static Plan.Convoy withRoute(Plan.Convoy c, String route) {
        return new Plan.Convoy(c.id(), c.agency(), c.hub(), c.team(), route, c.departureDay(), c.arrivalDay(), c.busyFromDay(),
                c.busyToDay(), c.trucks(), c.manifest(), c.expectedDiversionTonnes());
    }

    /**
     * A kept convoy's expected diversion under its route's loss share in the new version (an event may have
     * changed a road's risk under it): manifest tonnes x expectedDiversion_r / dispatched_r, as the convoy
     * stage computes it.
     */
    private static Plan.Convoy withLossOf(Plan.Convoy c, Plan.Route r) {
        double loss = r.tonnesDispatched() > 0 ? r.expectedDiversionTonnes() / r.tonnesDispatched() : 0;
        double tonnes = c.manifest().values().stream().mapToDouble(Double::doubleValue).sum();
        return new Plan.Convoy(c.id(), c.agency(), c.hub(), c.team(), c.route(), c.departureDay(), c.arrivalDay(), c.busyFromDay(),
                c.busyToDay(), c.trucks(), c.manifest(), Math.round(tonnes * loss * 100) / 100.0);
    }

    /** The route asking the convoy stage for {@code tonnes} (legs scaled alike). */
    private static Plan.Route withTonnes(Plan.Route r, double tonnes) {
        double f = tonnes / r.tonnesDispatched();
        List<Plan.Leg> legs = r.legs().stream().map(l -> new Plan.Leg(l.road(), l.from(), l.to(), l.km(), l.hours(), l.risk(),
                l.tonnesIn() * f, l.tonnesOut() * f)).toList();
        return new Plan.Route(r.id(), r.agency(), r.commodity(), r.origin(), r.destination(), legs, tonnes, r.tonnesDelivered() * f,
                r.expectedDiversionTonnes() * f, r.departureDay(), r.arrivalDay());
    }

    private static Map<String, Plan.Route> byId(List<Plan.Route> routes) {
        Map<String, Plan.Route> m = new LinkedHashMap<>();
        for (Plan.Route r : routes) m.put(r.id(), r);
        return m;
    }
}
