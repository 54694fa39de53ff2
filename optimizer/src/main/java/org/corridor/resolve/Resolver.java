package org.corridor.resolve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.allocation.Allocator;
import org.corridor.allocation.RoutePool;
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
 *       sum x_k >= frozen_k, capped at the need and the stock the version still has), their trucks stay reserved
 *       for their round trips, and no new convoy leaves before the as-of day. Cargo on a route the events closed
 *       comes off the stock it left from, so it is not sent again.</li>
 *   <li>Stability in the allocation: its diversion and cost stages add weight x sum_k |x_k - previous_k|
 *       over the previous routes (matched by {@link Stability#routeKey}); coverage stays first, and the stability
 *       stage after it may give up at most {@link ResolveOptions#coverageTolerance()} of the optimal coverage to
 *       keep previous routes, never going below what the previous routes still cover.</li>
 *   <li>Stability in the convoys: every {@link PlanDiff#unaffectedConvoys unaffected} previous convoy whose
 *       route still has its tonnes in the new allocation is kept as it was (a hard form of the stability
 *       term: an unaffected convoy is never changed), its trucks and convoy-cap places reserved; the tonnes left are
 *       repaired (the other previous convoys placed again where they still fit, the rest greedily; the default) or
 *       scheduled by CP-SAT with the other previous convoys as hints ({@link ResolveOptions#convoyRemainder()}).</li>
 *   <li>Cost: the convoy stage runs once, on what is left to schedule, not on the whole plan; a repair builds no
 *       CP-SAT model, and under OPTIMISE each agency's
 *       model gets the share of the work budget that its left tonnes are of its tonnes, or 10 % when they are mostly
 *       tonnes the previous plan could not schedule on the same route (new ones under a tenth); the last
 *       mile keeps the previous tours of every hub whose routing instance is unchanged, and searches a hub whose
 *       instance changed once from its previous tours, with the share of the work its changed cargo asks
 *       ({@code LastMile.warmStart}).</li>
 * </ul>
 * Deterministic like the cold solve: the same inputs give the same plan. Thread-safe (no state).
 */
public final class Resolver {
    /**
     * Prefix of the route of a frozen convoy whose route the new plan no longer has (a road closed
     * under a convoy that has already left): {@code previous:R00003} is route R00003 of the previous plan.
     */
    public static final String PREVIOUS_ROUTE = Plan.Convoy.DEPARTED_ROUTE_PREFIX;

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
        return resolveInDetail(before, events, previous, options, control, null).plan();
    }

    /**
     * {@link #resolve} taking over from {@code reuse} (the {@link Planner.Outcome#routePool()} of the solve or re-solve that
     * made {@code previous}, or of any earlier one in this JVM; null for none) the compiled agency views and candidate
     * routes the events leave as they were ({@link RoutePool}); the plan is the one {@link #resolve} gives, and the outcome
     * carries the new version's pool for the next re-solve.
     */
    public static Planner.Outcome resolveInDetail(Scenario before, List<Event> events, Plan previous, ResolveOptions options, SolveControl control,
                                                  RoutePool reuse) {
        Scenario newVersion = ScenarioVersion.apply(before, events);
        List<Plan.Convoy> frozen = frozen(previous, options);
        Set<String> unaffected = PlanDiff.unaffectedConvoys(before, events, previous);
        Planner.Outcome allocated = allocate(newVersion, previous, options, control, reuse);
        return Planner.complete(newVersion, previous.options(), allocated, control,
                (plan, pool) -> scheduleConvoys(before, newVersion, plan, previous, frozen, unaffected, options, control, pool), before, previous);
    }

    /** The previous plan's convoys that have left by the as-of day. */
    private static List<Plan.Convoy> frozen(Plan previous, ResolveOptions options) {
        return previous.convoys().stream().filter(c -> c.departureDay() < options.asOfDay()).toList();
    }

    /**
     * The allocation stage of a re-solve of {@code previous} for the scenario version {@code newVersion}: the LP
     * keeps the frozen convoys' cargo and is penalised for changing the previous routes' tonnes.
     */
    static Planner.Outcome allocate(Scenario newVersion, Plan previous, ResolveOptions options, SolveControl control) {
        return allocate(newVersion, previous, options, control, null);
    }

    /** {@link #allocate(Scenario, Plan, ResolveOptions, SolveControl)} taking over what it can from {@code reuse} (or null). */
    static Planner.Outcome allocate(Scenario newVersion, Plan previous, ResolveOptions options, SolveControl control, RoutePool reuse) {
        Map<String, Plan.Route> previousRoutes = byId(previous.routes());
        Map<String, Stability.Frozen> frozen = new LinkedHashMap<>();
        for (Plan.Convoy c : frozen(previous, options)) {
            Plan.Route r = previousRoutes.get(c.route());
            if (r == null) continue;
            double tonnes = c.manifest().getOrDefault(r.commodity(), 0.0);
            frozen.merge(Stability.routeKey(r), new Stability.Frozen(r.agency(), r.origin(), r.commodity(), r.departureDay(), tonnes),
                    (a, b) -> a.plus(b.tonnes()));
        }
        Stability stability = Stability.of(previous, options.stabilityWeight()).withFrozen(frozen)
                .withCoverageTolerance(options.coverageTolerance());
        return Planner.allocate(newVersion, previous.options(), control, stability, previous.version() + 1, reuse);
    }

    /**
     * Convoys of the new plan: the kept ones (frozen, and unaffected ones whose route keeps their tonnes;
     * route ids re-pointed at the new plan's same route) plus a schedule of what they do not carry, repaired from
     * the other previous convoys or searched by CP-SAT with them as hints ({@link ResolveOptions#convoyRemainder()}),
     * leaving on or after the as-of day around the kept convoys' trucks and convoy-cap places.
     */
    private static Plan scheduleConvoys(Scenario before, Scenario scenario, Plan plan, Plan previous, List<Plan.Convoy> frozen,
                                        Set<String> unaffected, ResolveOptions options, SolveControl control, WorkerPool pool) {
        ConvoyOptions convoyOptions = previous.convoySolver() == null ? ConvoyOptions.DEFAULTS
                : new ConvoyOptions(previous.convoySolver().dailyDrivingHours(), previous.convoySolver().loadingDays(),
                        previous.convoySolver().deterministic(), ConvoyOptions.DEFAULTS.workLimit());
        // agencies whose convoy model is unchanged keep their previous convoys and route schedules verbatim
        Map<String, Map<String, String>> same = previous.convoySolver() == null ? Map.of()
                : ConvoyScheduler.unchangedAgencies(before, previous, scenario, plan, convoyOptions, pool, control);
        Map<String, String> sameRoutes = new LinkedHashMap<>(); // previous route id -> new route id, unchanged agencies
        same.values().forEach(sameRoutes::putAll);
        Map<String, Plan.Route> newRoutes = byId(plan.routes()), oldRoutes = byId(previous.routes());
        // the same model may come from tonnes that differ in the last digit (the LP read back again): the
        // convoys' diversion and the schedules' asked tonnes follow the new routes
        List<Plan.Convoy> verbatim = new ArrayList<>();
        for (Plan.Convoy c : previous.convoys())
            if (same.containsKey(c.agency())) verbatim.add(withLossOf(withRoute(c, sameRoutes.get(c.route())), newRoutes.get(sameRoutes.get(c.route()))));
        List<Plan.RouteSchedule> verbatimSchedules = new ArrayList<>();
        for (Plan.RouteSchedule rs : previous.routeSchedules()) {
            String id = sameRoutes.get(rs.route());
            if (id != null)
                verbatimSchedules.add(new Plan.RouteSchedule(id, rs.agency(), newRoutes.get(id).tonnesDispatched(), rs.scheduledTonnes(), rs.reason(), rs.detail()));
        }
        Map<String, String> newIdByKey = new LinkedHashMap<>();
        for (Plan.Route r : plan.routes()) newIdByKey.put(Stability.routeKey(r), r.id());
        Map<String, String> repoint = new LinkedHashMap<>(); // previous route id -> new route id
        for (Plan.Route r : previous.routes()) {
            String id = newIdByKey.get(Stability.routeKey(r));
            if (id != null) repoint.put(r.id(), id);
        }
        Map<String, Double> left = new LinkedHashMap<>(); // new route id -> tonnes not yet carried by kept convoys
        for (Plan.Route r : plan.routes()) left.put(r.id(), r.tonnesDispatched());
        List<Plan.Convoy> kept = new ArrayList<>(), hints = new ArrayList<>();
        List<Plan.Route> keptRoutes = new ArrayList<>(); // routes the kept convoys drive, for their cap places
        Map<String, Double> carried = new LinkedHashMap<>(); // new route id -> tonnes kept convoys carry
        Set<String> coveredByDeparted = new java.util.LinkedHashSet<>(); // new route ids whose tonnes departed convoys already carry
        // frozen first: they stay whatever the allocation says; then the unaffected ones, in id order, while tonnes last
        List<Plan.Convoy> order = new ArrayList<>(frozen);
        for (Plan.Convoy c : previous.convoys()) if (!frozen.contains(c)) order.add(c);
        for (Plan.Convoy c : order) {
            if (same.containsKey(c.agency())) continue;
            boolean isFrozen = c.departureDay() < options.asOfDay();
            String id = repoint.get(c.route());
            if (id == null) {
                Plan.Route gone = oldRoutes.get(c.route());
                if (isFrozen && gone != null) { // it has left: it still exists, on the route it took
                    kept.add(withRoute(c, PREVIOUS_ROUTE + c.route()));
                    keptRoutes.add(withId(gone, PREVIOUS_ROUTE + c.route()));
                }
                continue;
            }
            Plan.Convoy moved = withLossOf(withRoute(c, id), newRoutes.get(id));
            double tonnes = c.manifest().values().stream().mapToDouble(Double::doubleValue).sum();
            if (isFrozen && left.get(id) < tonnes - Allocator.MIN_TONNES) {
                // on the road, but beyond what the new version asks of its route (a need cut below the cargo on its
                // way): it stays, as a convoy of the previous version's route, not part of the new allocation
                // (the route's capped tonnes, then, are that cargo: nothing is left to schedule on it)
                kept.add(withRoute(c, PREVIOUS_ROUTE + c.route()));
                keptRoutes.add(withId(oldRoutes.get(c.route()), PREVIOUS_ROUTE + c.route()));
                left.put(id, 0.0);
                coveredByDeparted.add(id);
            } else if (isFrozen || (unaffected.contains(c.id()) && left.get(id) >= tonnes - Allocator.MIN_TONNES)) {
                kept.add(moved);
                left.merge(id, -tonnes, Double::sum);
                carried.merge(id, tonnes, Double::sum);
                keptRoutes.add(newRoutes.get(id));
            } else {
                hints.add(moved);
            }
        }
        Map<String, Double> unscheduledBefore = new LinkedHashMap<>(); // route key -> tonnes the previous plan could not schedule
        for (Plan.RouteSchedule rs : previous.routeSchedules()) {
            Plan.Route r = oldRoutes.get(rs.route());
            if (r != null && rs.askedTonnes() > rs.scheduledTonnes())
                unscheduledBefore.merge(Stability.routeKey(r), rs.askedTonnes() - rs.scheduledTonnes(), Double::sum);
        }
        List<Plan.Route> rest = new ArrayList<>();
        Map<String, Double> retried = new LinkedHashMap<>();
        Set<String> keptVerbatim = new java.util.HashSet<>(sameRoutes.values());
        for (Plan.Route r : plan.routes()) {
            if (keptVerbatim.contains(r.id())) continue;
            double l = left.get(r.id());
            if (l <= Allocator.MIN_TONNES) continue;
            rest.add(l == r.tonnesDispatched() ? r : withTonnes(r, l));
            double again = Math.min(l, unscheduledBefore.getOrDefault(Stability.routeKey(r), 0.0));
            if (again > Allocator.MIN_TONNES) retried.put(r.id(), again);
        }
        Plan toSchedule = new Plan(plan.planId(), plan.version(), plan.scenario(), plan.options(), plan.kpis(), rest, plan.unmet(), plan.solver());
        Plan hinted = previous.withConvoys(hints, previous.routeSchedules(), previous.convoySolver());
        Plan scheduled = ConvoyScheduler.schedule(scenario, toSchedule, convoyOptions, pool, control, hinted,
                new ConvoyScheduler.Committed(options.asOfDay(), kept, keptRoutes, retried, options.convoyRemainder()));
        List<Plan.Convoy> convoys = new ArrayList<>(kept);
        convoys.addAll(verbatim);
        convoys.addAll(scheduled.convoys());
        List<Plan.RouteSchedule> schedules = new ArrayList<>(scheduled.routeSchedules());
        schedules.addAll(verbatimSchedules);
        // the kept convoys' tonnes count in their routes' schedules too
        Map<String, Double> unscheduled = new LinkedHashMap<>(carried);
        for (int i = 0; i < schedules.size(); i++) {
            Plan.RouteSchedule rs = schedules.get(i);
            Double t = unscheduled.remove(rs.route());
            if (t != null)
                schedules.set(i, new Plan.RouteSchedule(rs.route(), rs.agency(), rs.askedTonnes() + t, rs.scheduledTonnes() + t, rs.reason(), rs.detail()));
        }
        unscheduled.forEach((id, t) -> schedules.add(new Plan.RouteSchedule(id, newRoutes.get(id).agency(), t, t, Plan.Shortfall.NONE,
                "carried by convoys kept from version " + previous.version() + " (departed before day " + options.asOfDay()
                        + ", or untouched by the events)")));
        for (String id : coveredByDeparted)
            if (!carried.containsKey(id))
                schedules.add(new Plan.RouteSchedule(id, newRoutes.get(id).agency(), newRoutes.get(id).tonnesDispatched(), 0, Plan.Shortfall.NONE,
                        "carried by convoys that left under version " + previous.version() + " with more than this version asks of the route"
                                + " (they name its previous id, prefixed " + PREVIOUS_ROUTE + ")"));
        convoys.sort(java.util.Comparator.comparing(Plan.Convoy::id));
        schedules.sort(java.util.Comparator.comparing(Plan.RouteSchedule::route));
        return plan.withConvoys(convoys, schedules, scheduled.convoySolver());
    }

    private static Plan.Route withId(Plan.Route r, String id) {
        return new Plan.Route(id, r.agency(), r.commodity(), r.origin(), r.destination(), r.legs(), r.tonnesDispatched(),
                r.tonnesDelivered(), r.expectedDiversionTonnes(), r.departureDay(), r.arrivalDay());
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
