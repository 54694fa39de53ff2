package org.corridor.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.corridor.access.AccessRule;
import org.corridor.convoy.ConvoyOptions;
import org.corridor.convoy.ConvoyScheduler;
import org.corridor.explain.Explanation.Cause;
import org.corridor.explain.Explanation.CauseKind;
import org.corridor.plan.Plan;
import org.corridor.scenario.Location;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.WorkerPool;

/**
 * Why tonnes the allocation routes to a need do not arrive: the convoy stage could not carry them in
 * whole trucks. It reports, per route, what the LP asked and what it scheduled and why not
 * ({@link Plan.Shortfall}); this groups the shortfalls by need and by (agency, reason), states them in
 * domain words, and confirms the ones that a relaxation can test by re-running the convoy stage for
 * that agency's routes only (its model is independent of the other agencies'), hinted with the base
 * convoys: the agency's fleet x {@link Explainer#UNBINDING_FACTOR}, the convoy size limits on its
 * routes lifted, or the needs' latest useful day moved to the horizon's last. A confirmable cause that
 * the re-run does not move is dropped. "No departure day" and "no vehicle" have no relaxation that
 * keeps the allocation's routes; they are reported as the convoy stage states them, unconfirmed.
 */
final class ConvoyCauses {
    /** Untrucked delivered tonnes below this are rounding, not a shortfall. */
    static final double TOLERANCE = 1e-3;

    private ConvoyCauses() {}

    /** What the convoy stage leaves undelivered at one need, and why. */
    record Found(double untruckedTonnes, List<Cause> causes) {}

    /** One (agency, reason) group of shortfalls: its routes and, per need, the delivered tonnes it leaves untrucked. */
    private record Group(String agency, Plan.Shortfall reason, List<Plan.Route> routes, Map<String, Double> untruckedByNeed,
                         String detail) {}

    /**
     * Causes per need key "location|commodity", for every need some route of {@code plan} (a plan
     * with convoys) cannot fully truck. Re-runs go on {@code pool}, one per confirmable group.
     */
    static Map<String, Found> find(Scenario scenario, Plan plan, WorkerPool pool, SolveControl control, AtomicInteger reruns) {
        Map<String, Plan.Route> routes = new LinkedHashMap<>();
        for (Plan.Route r : plan.routes()) routes.put(r.id(), r);
        Map<String, Group> groups = new TreeMap<>();
        Map<String, Double> untrucked = new TreeMap<>();
        for (Plan.RouteSchedule rs : plan.routeSchedules()) {
            Plan.Route r = routes.get(rs.route());
            double lost = delivered(r, rs.askedTonnes() - rs.scheduledTonnes());
            if (rs.reason() == Plan.Shortfall.NONE || lost <= TOLERANCE) continue;
            String need = r.destination() + "|" + r.commodity();
            untrucked.merge(need, lost, Double::sum);
            Group g = groups.computeIfAbsent(rs.agency() + "|" + rs.reason(),
                    k -> new Group(rs.agency(), rs.reason(), new ArrayList<>(), new TreeMap<>(), rs.detail()));
            g.routes().add(r);
            g.untruckedByNeed().merge(need, lost, Double::sum);
        }
        List<Group> testable = new ArrayList<>();
        for (Group g : groups.values()) if (relaxed(scenario, plan, g) != null) testable.add(g);
        List<Map<String, Double>> recovered = pool.map("explain", testable, g -> {
            reruns.incrementAndGet();
            return recovered(relaxed(scenario, plan, g), plan, g);
        }, control);

        Map<String, List<Cause>> causes = new TreeMap<>();
        for (Group g : groups.values()) {
            int i = testable.indexOf(g);
            for (Map.Entry<String, Double> e : g.untruckedByNeed().entrySet()) {
                double cut = i < 0 ? 0 : Math.min(e.getValue(), recovered.get(i).getOrDefault(e.getKey(), 0.0));
                if (i >= 0 && cut <= TOLERANCE) continue; // testable, and the re-run did not move it: not a cause
                causes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(cause(g, e.getKey(), e.getValue(), cut, i >= 0));
            }
        }
        Map<String, Found> out = new TreeMap<>();
        for (Map.Entry<String, Double> e : untrucked.entrySet())
            out.put(e.getKey(), new Found(DualPricing.round(e.getValue()), causes.getOrDefault(e.getKey(), List.of())));
        return out;
    }

    /** Delivered share of {@code dispatched} tonnes on route r. */
    private static double delivered(Plan.Route r, double dispatched) {
        return r.tonnesDispatched() <= 0 ? 0 : dispatched * r.tonnesDelivered() / r.tonnesDispatched();
    }

    /** The scenario with the group's limit relaxed, or null when its reason has no relaxation that keeps the routes. */
    private static Scenario relaxed(Scenario s, Plan plan, Group g) {
        switch (g.reason()) {
            case FLEET:
                return Explainer.withFleet(s, g.agency());
            case CONVOY_CAP: {
                Set<String> provinces = provinces(s, g.routes());
                Set<String> caps = new TreeSet<>();
                for (AccessRule r : s.rules())
                    if (r instanceof AccessRule.ConvoySizeLimit && provinces.contains(((AccessRule.ConvoySizeLimit) r).province())) caps.add(r.id());
                return caps.isEmpty() ? null : Explainer.without(s, caps);
            }
            case DEADLINE: {
                int last = plan.options().horizonDays() - 1;
                Scenario out = s;
                for (String need : g.untruckedByNeed().keySet()) {
                    String[] lc = need.split("\\|");
                    out = Explainer.withDeadline(out, lc[0], lc[1], last);
                }
                return out;
            }
            default:
                return null;
        }
    }

    /** Provinces the routes start in or drive through. */
    private static Set<String> provinces(Scenario s, List<Plan.Route> routes) {
        Map<String, Location> locations = s.locationsById();
        Set<String> out = new TreeSet<>();
        for (Plan.Route r : routes) {
            out.add(locations.get(r.origin()).province());
            for (Plan.Leg l : r.legs()) out.add(locations.get(l.to()).province());
        }
        return out;
    }

    /**
     * Re-runs the convoy stage on the group's agency's routes under {@code relaxed}, single-threaded,
     * hinted with the base convoys; returns per need the delivered tonnes scheduled beyond the base plan.
     */
    private static Map<String, Double> recovered(Scenario relaxed, Plan plan, Group g) {
        List<Plan.Route> own = new ArrayList<>();
        for (Plan.Route r : plan.routes()) if (r.agency().equals(g.agency())) own.add(r);
        Plan sub = new Plan(plan.planId(), plan.version(), plan.scenario(), plan.options(), plan.kpis(), own, plan.unmet(), plan.solver());
        Plan rerun;
        try (WorkerPool one = new WorkerPool(1)) {
            rerun = ConvoyScheduler.schedule(relaxed, sub, ConvoyOptions.DEFAULTS, one, SolveControl.NONE, plan);
        }
        Map<String, Double> before = new LinkedHashMap<>();
        for (Plan.RouteSchedule rs : plan.routeSchedules()) before.put(rs.route(), rs.scheduledTonnes());
        Map<String, Plan.Route> byId = new LinkedHashMap<>();
        for (Plan.Route r : own) byId.put(r.id(), r);
        Map<String, Double> out = new TreeMap<>();
        for (Plan.RouteSchedule rs : rerun.routeSchedules()) {
            Plan.Route r = byId.get(rs.route());
            double more = delivered(r, rs.scheduledTonnes() - before.getOrDefault(rs.route(), 0.0));
            out.merge(r.destination() + "|" + r.commodity(), more, Double::sum);
        }
        return out;
    }

    /** The group's cause for one need, in domain words. */
    private static Cause cause(Group g, String need, double untrucked, double cut, boolean confirmed) {
        List<String> ids = new ArrayList<>();
        for (Plan.Route r : g.routes()) if ((r.destination() + "|" + r.commodity()).equals(need)) ids.add(r.id());
        List<String> subjects = new ArrayList<>(List.of(g.agency()));
        subjects.addAll(ids);
        String what = Math.round(untrucked * 10) / 10.0 + " t the plan routes here by " + g.agency() + " (" + String.join(", ", ids) + ")";
        String text;
        String relaxation;
        CauseKind kind;
        switch (g.reason()) {
            case FLEET:
                kind = CauseKind.CONVOY_FLEET;
                text = "trucks of " + g.agency() + " cannot carry " + what + ": " + g.detail();
                relaxation = "convoys re-scheduled with " + g.agency() + "'s trucks x" + (int) Explainer.UNBINDING_FACTOR;
                break;
            case CONVOY_CAP:
                kind = CauseKind.CONVOY_CAP;
                text = "convoy size limits leave " + what + " untrucked: " + g.detail();
                relaxation = "convoys re-scheduled without the convoy size limits on " + g.agency() + "'s capped routes";
                break;
            case DEADLINE:
                kind = CauseKind.CONVOY_DEADLINE;
                text = "no convoy arrives in time with " + what + ": " + g.detail();
                relaxation = "convoys re-scheduled with the need's latest useful day at the horizon's end";
                break;
            case CLOSED:
                kind = CauseKind.CONVOY_CLOSED;
                text = "no convoy can leave with " + what + ": " + g.detail();
                relaxation = "";
                break;
            default:
                kind = CauseKind.CONVOY_NO_VEHICLE;
                text = "no truck for " + what + ": " + g.detail();
                relaxation = "";
        }
        return new Cause(kind, subjects, text, DualPricing.round(cut), relaxation, confirmed);
    }
}
