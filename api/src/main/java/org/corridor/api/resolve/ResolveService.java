package org.corridor.api.resolve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.job.Idempotency;
import org.corridor.api.job.JobService;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.api.security.Role;
import org.corridor.convoy.ConvoyScheduler;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.resolve.Event;
import org.corridor.resolve.EventsJson;
import org.corridor.resolve.PlanDiff;
import org.corridor.resolve.ResolveOptions;
import org.corridor.resolve.Resolver;
import org.corridor.resolve.ScenarioVersion;
import org.corridor.scenario.Problem;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioException;
import org.corridor.solve.Planner;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Re-solves after change events. Posting events to a plan validates them against the newest
 * scenario version of the plan organisation's history, records them (with the caller as their
 * provenance "who", each audited) and admits a RESOLVE job through {@link JobService}, all in one
 * transaction; the job re-solves the plan's latest version with {@link Resolver} and stores the
 * result as its next version. Who may do what: planners and coordinators record events on their own
 * organisation's plans (a coordination-cell coordinator reads every organisation's, but records only
 * on the cell's); field teams record nothing and read only their own team's part of a diff.
 */
@Service
public class ResolveService {
    /** Events one request may carry. */
    static final int MAX_EVENTS = 200;
    /** Longest provenance source stored. */
    static final int MAX_SOURCE = 500;

    private final PlanStore plans;
    private final ScenarioCatalog scenarios;
    private final EventStore events;
    private final PlanHistory history;
    private final JobService jobs;
    private final AccessPolicy access;
    private final AuditLog audit;

    public ResolveService(PlanStore plans, ScenarioCatalog scenarios, EventStore events, PlanHistory history, JobService jobs,
                          AccessPolicy access, AuditLog audit) {
        this.plans = plans;
        this.scenarios = scenarios;
        this.events = events;
        this.history = history;
        this.jobs = jobs;
        this.access = access;
        this.audit = audit;
    }

    /**
     * Records {@code request}'s events on {@code planId}'s scenario and admits the re-solve that makes
     * the plan's next version. 404 for a plan the caller cannot see, 403 for one of another
     * organisation, 422 with JSON pointers for bad events or options, 503 when the queue is full
     * (nothing is recorded then).
     */
    public JobService.Submitted record(Caller caller, String planId, EventsRequest request, String idempotencyKey) {
        PlanStore.PlanInfo plan = plans.find(planId).filter(p -> access.sees(caller, p.organisation()))
                .orElseThrow(() -> ApiException.notFound("plan", planId));
        if (!plan.organisation().equals(caller.organisation()))
            throw ApiException.forbidden("Only the organisation that owns a plan may record changes on it and re-solve it.");
        if (request == null) throw ApiException.unprocessable("The request needs a body.", List.of(ProblemError.at("", "expected {events, asOfDay, stabilityWeight, coverageTolerance, convoys}")));
        List<ProblemError> errors = new ArrayList<>();
        ResolveOptions options = options(request, errors);
        List<Event> parsed = parse(caller, request.events(), errors);
        if (!errors.isEmpty()) throw ApiException.unprocessable("The change events are invalid; each error is located by a JSON pointer.", errors);

        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("plan", planId);
        canonical.put("events", EventsJson.write(parsed));
        canonical.put("options", options);
        AtomicInteger through = new AtomicInteger();
        JobService.Spec spec = new JobService.Spec("RESOLVE", plan.scenario(), planId, Json.mapper().writeValueAsString(options),
                Idempotency.hash(Json.write(canonical)), "resolve.submit",
                "plan=" + planId + " events=" + parsed.size() + " asOfDay=" + options.asOfDay(),
                () -> through.set(append(caller, plan, parsed)));
        return jobs.submit(caller, idempotencyKey, spec, control -> resolve(plan, through.get(), options, control));
    }

    /**
     * In the job's transaction: checks the events against the newest scenario version (the history
     * may have grown since the request was read) and appends them; returns the history's new length.
     */
    private int append(Caller caller, PlanStore.PlanInfo plan, List<Event> parsed) {
        events.lock(plan.scenario());
        List<Event> recorded = events.history(plan.scenario(), plan.organisation());
        Set<String> used = new HashSet<>();
        for (Event e : recorded) used.add(e.id());
        List<ProblemError> errors = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++)
            if (used.contains(parsed.get(i).id()))
                errors.add(ProblemError.at("/events/" + i + "/id", "event id " + parsed.get(i).id()
                        + " is already recorded in your organisation's history on this scenario; give each event its own id"));
        if (errors.isEmpty()) {
            try {
                ScenarioVersion.apply(history.scenario(plan.scenario(), plan.organisation(), recorded.size()), parsed);
            } catch (ScenarioException e) {
                for (Problem p : e.problems()) errors.add(ProblemError.at("/events" + p.field(), p.message()));
            }
        }
        if (!errors.isEmpty())
            throw ApiException.unprocessable("The change events do not apply to the current scenario version (" + recorded.size()
                    + " event(s) recorded so far); each error is located by a JSON pointer.", errors);
        events.append(caller, plan.scenario(), plan.id(), parsed, recorded.size());
        int seq = recorded.size();
        for (Event e : parsed)
            audit.record(caller, "event.record", "event", plan.scenario() + "/" + plan.organisation() + "/" + (++seq),
                    "id=" + e.id() + " type=" + e.getClass().getSimpleName() + " plan=" + plan.id() + " reliability=" + e.provenance().reliability());
        return seq;
    }

    /**
     * The job: re-solves the plan's latest version (read when the job starts) after the events
     * recorded since the scenario version it was made for, up to those this request recorded.
     */
    private JobService.Outcome resolve(PlanStore.PlanInfo plan, int through, ResolveOptions options, org.corridor.solve.SolveControl control) {
        int latest = plans.find(plan.id()).orElseThrow().latestVersion();
        PlanStore.Stored previous = history.stored(plan, latest);
        int from = previous.scenarioEvents(), upTo = Math.max(from, through);
        List<Event> since = events.history(plan.scenario(), plan.organisation()).subList(from, upTo);
        Scenario before = history.scenarioOf(plan, previous);
        Planner.Outcome next = Resolver.resolveInDetail(before, since, Json.read(previous.body(), Plan.class), options, control,
                jobs.routePool(plan.id(), latest));
        return jobs.newVersion(plan.scenario(), plan.id(), next.plan(), upTo, next.routePool());
    }

    /** Options over the defaults, each bad one reported at its own pointer. */
    private static ResolveOptions options(EventsRequest request, List<ProblemError> errors) {
        ResolveOptions d = ResolveOptions.DEFAULTS;
        int asOfDay = request.asOfDay() == null ? d.asOfDay() : request.asOfDay();
        double weight = request.stabilityWeight() == null ? d.stabilityWeight() : request.stabilityWeight();
        double tolerance = request.coverageTolerance() == null ? d.coverageTolerance() : request.coverageTolerance();
        boolean ok = true;
        try { new ResolveOptions(asOfDay, d.stabilityWeight(), d.coverageTolerance()); } catch (IllegalArgumentException e) { errors.add(ProblemError.at("/asOfDay", e.getMessage())); ok = false; }
        try { new ResolveOptions(d.asOfDay(), weight, d.coverageTolerance()); } catch (IllegalArgumentException e) { errors.add(ProblemError.at("/stabilityWeight", e.getMessage())); ok = false; }
        try { new ResolveOptions(d.asOfDay(), d.stabilityWeight(), tolerance); } catch (IllegalArgumentException e) { errors.add(ProblemError.at("/coverageTolerance", e.getMessage())); ok = false; }
        ConvoyScheduler.Remainder convoys = d.convoyRemainder();
        if (request.convoys() != null) {
            try {
                convoys = ConvoyScheduler.Remainder.valueOf(request.convoys().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(ProblemError.at("/convoys", "must be REPAIR or OPTIMISE"));
                ok = false;
            }
        }
        return ok ? new ResolveOptions(asOfDay, weight, tolerance, convoys) : d;
    }

    /**
     * The events of the body, read by the optimizer's events reader; the caller becomes each event's
     * provenance "who" (an event naming someone else is refused). Problems go to {@code errors}, located
     * under {@code /events}.
     */
    private static List<Event> parse(Caller caller, JsonNode given, List<ProblemError> errors) {
        if (given == null || given.isNull()) { errors.add(ProblemError.at("/events", "required: a JSON array of change events")); return List.of(); }
        if (!given.isArray()) { errors.add(ProblemError.at("/events", "must be a JSON array of change events")); return List.of(); }
        if (given.isEmpty()) { errors.add(ProblemError.at("/events", "at least one change event is required")); return List.of(); }
        if (given.size() > MAX_EVENTS) { errors.add(ProblemError.at("/events", "at most " + MAX_EVENTS + " events per request")); return List.of(); }
        ArrayNode copy = ((ArrayNode) given).deepCopy();
        int before = errors.size();
        for (int i = 0; i < copy.size(); i++) {
            if (!(copy.get(i) instanceof ObjectNode event) || !(event.get("provenance") instanceof ObjectNode p)) continue; // the reader says what is wrong
            JsonNode who = p.get("who");
            if (who == null || who.isNull()) p.put("who", caller.username());
            else if (!who.isString() || !who.stringValue().equals(caller.username()))
                errors.add(ProblemError.at("/events/" + i + "/provenance/who", "is always the authenticated user (" + caller.username() + "); leave it out"));
            JsonNode source = p.get("source");
            if (source != null && source.isString() && source.stringValue().length() > MAX_SOURCE)
                errors.add(ProblemError.at("/events/" + i + "/provenance/source", "at most " + MAX_SOURCE + " characters"));
        }
        if (errors.size() > before) return List.of();
        try {
            return EventsJson.read(Json.mapper().writeValueAsString(copy), "events");
        } catch (ScenarioException e) {
            for (Problem p : e.problems()) errors.add(ProblemError.at("/events" + p.field(), p.message()));
            return List.of();
        }
    }

    /** The diff of two versions: all teams for planners and coordinators who see the plan, only its own for a field team. */
    public PlanDiff diff(Caller caller, String planId, int a, int b) {
        PlanStore.PlanInfo plan = plans.find(planId).orElseThrow(() -> ApiException.notFound("plan", planId));
        if (caller.role() == Role.FIELD_TEAM) {
            access.requireTeamWorksFrom(caller, plan.organisation(), "plan", planId);
            String team = Plan.teamId(caller.organisation(), caller.hub());
            PlanDiff own = history.diff(plan, a, b).onlyTeam(team);
            audit.recordRead(caller, "diff.read", "plan", planId + "/" + a + "/" + b, "team=" + team);
            return own;
        }
        access.requireSees(caller, plan.organisation(), "plan", planId);
        return history.diff(plan, a, b);
    }

    /** The recorded events on a scenario the caller can see: its organisation's (every organisation's for the coordination cell). */
    public List<EventStore.Recorded> events(Caller caller, String scenarioId) {
        if (!scenarios.visible(caller, scenarioId)) throw ApiException.notFound("scenario", scenarioId);
        return events.list(scenarioId, access.seesAll(caller) ? null : caller.organisation());
    }
}
