package org.corridor.api.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.job.Idempotency;
import org.corridor.api.job.JobService;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;
import org.corridor.api.resolve.PlanHistory;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.explain.Explainer;
import org.corridor.explain.Frontier;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Analyses of a plan version, run as jobs through {@link JobService} (admission bound, time limit,
 * cancel, Idempotency-Key, persistence): the explanation (why needs go unmet and the value of every
 * access rule, {@link Explainer#explain}), the value of access alone, and the risk frontier
 * ({@link Frontier#solve}). Each recomputes from the scenario version and the options the version
 * was made with, and its result is stored beside the version. A frontier point's plan can be adopted
 * as the plan's next version.
 *
 * <p>Who may do what: planners and coordinators of the plan's organisation request analyses and
 * adopt frontier points; whoever may read the plan (its organisation, the coordination cell) reads
 * its analyses; field teams are refused by the URL rules; a plan the caller cannot see is a 404.
 */
@Service
public class AnalysisService {
    /** Risk budgets one frontier request may ask for. */
    static final int MAX_BUDGETS = 12;

    /** What an analysis job computes; also its job kind. */
    public enum Kind {
        /** Why unmet and value of access ({@code explain.schema.json}). */
        EXPLAIN("explanation"),
        /** Value of access only; {@code whyUnmet} is empty ({@code explain.schema.json}). */
        VALUE_OF_ACCESS("value of access"),
        /** Plans at several risk budgets, the non-dominated ones kept ({@code frontier.schema.json}). */
        FRONTIER("frontier");

        final String words;

        Kind(String words) { this.words = words; }
    }

    private final PlanStore plans;
    private final PlanHistory history;
    private final AnalysisStore analyses;
    private final JobService jobs;
    private final Idempotency idempotency;
    private final AccessPolicy access;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    public AnalysisService(PlanStore plans, PlanHistory history, AnalysisStore analyses, JobService jobs, Idempotency idempotency,
                           AccessPolicy access, AuditLog audit, TransactionTemplate tx) {
        this.plans = plans;
        this.history = history;
        this.analyses = analyses;
        this.jobs = jobs;
        this.idempotency = idempotency;
        this.access = access;
        this.audit = audit;
        this.tx = tx;
    }

    /**
     * Admits the job that computes {@code kind} for version {@code version} of {@code planId}. 404 for
     * a plan or version the caller cannot see, 403 for a plan of another organisation, 422 with JSON
     * pointers for a bad body, 503 when the queue is full.
     */
    public JobService.Submitted submit(Caller caller, String planId, int version, Kind kind, AnalysisRequest request, String idempotencyKey) {
        PlanStore.PlanInfo plan = owned(caller, planId, "Only the organisation that owns a plan may request its " + kind.words + ".");
        PlanStore.Stored stored = history.stored(plan, version);
        List<ProblemError> errors = new ArrayList<>();
        JsonNode givenBudgets = request == null ? null : request.budgets();
        JsonNode givenThreads = request == null ? null : request.threads();
        List<Double> budgets = kind == Kind.FRONTIER ? budgets(givenBudgets, errors) : List.of();
        if (kind != Kind.FRONTIER && givenBudgets != null && !givenBudgets.isNull())
            errors.add(ProblemError.at("/budgets", "only a frontier takes risk budgets"));
        SolveOptions made = Json.read(stored.body(), Plan.class).options();
        SolveOptions options = withThreads(made, givenThreads, errors);
        if (!errors.isEmpty()) throw ApiException.unprocessable("The " + kind.words + " request is invalid.", errors);

        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("plan", planId);
        canonical.put("version", version);
        canonical.put("kind", kind.name());
        canonical.put("threads", options.threads());
        canonical.put("budgets", budgets);
        JobService.Spec spec = new JobService.Spec(kind.name(), plan.scenario(), planId, Json.mapper().writeValueAsString(options),
                Idempotency.hash(Json.write(canonical)), "analysis.submit",
                "plan=" + planId + "/" + version + " kind=" + kind + (budgets.isEmpty() ? "" : " budgets=" + budgets.size()), () -> {});
        return jobs.submit(caller, idempotencyKey, spec, control -> {
            Scenario scenario = history.scenarioOf(plan, stored);
            Object result = compute(kind, scenario, options, budgets, control);
            String body = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
            return (owner, jobId) -> {
                analyses.insert(jobId, planId, version, kind, owner.username(), body);
                return new JobService.Stored(planId, version, "analysis.create", planId + "/" + version + "/" + kind);
            };
        });
    }

    private static Object compute(Kind kind, Scenario scenario, SolveOptions options, List<Double> budgets, SolveControl control) {
        if (kind == Kind.EXPLAIN) return Explainer.explain(scenario, options, control);
        if (kind == Kind.VALUE_OF_ACCESS) return Explainer.valueOfAccess(scenario, options, control);
        return Frontier.solve(scenario, options, budgets, control);
    }

    /** The newest stored {@code kind} of a version, for a caller who may read the plan; 404 while there is none. */
    public AnalysisStore.Analysis newest(Caller caller, String planId, int version, Kind kind) {
        PlanStore.PlanInfo plan = plans.find(planId).orElseThrow(() -> ApiException.notFound("plan", planId));
        access.requireSees(caller, plan.organisation(), "plan", planId);
        history.stored(plan, version);
        AnalysisStore.Analysis a = analyses.newest(planId, version, kind)
                .orElseThrow(() -> ApiException.notFound(kind.words, planId + "/" + version));
        audit.recordRead(caller, "analysis.read", "plan", planId + "/" + version + "/" + kind, "job=" + a.job());
        return a;
    }

    /**
     * Stores point {@code point} of the frontier job {@code frontier} computed for version {@code version}
     * as the plan's next version (made for the same scenario version as {@code version}); a retry with the
     * same Idempotency-Key returns the version the first request made.
     */
    public PlanStore.Saved adopt(Caller caller, String planId, int version, String frontier, Integer point, String idempotencyKey) {
        String key = Idempotency.validKey(idempotencyKey);
        PlanStore.PlanInfo plan = owned(caller, planId, "Only the organisation that owns a plan may adopt a frontier point as its next version.");
        PlanStore.Stored stored = history.stored(plan, version);
        List<ProblemError> errors = new ArrayList<>();
        if (frontier == null || frontier.isBlank()) errors.add(ProblemError.at("/frontier", "required: the id of the FRONTIER job that computed the frontier"));
        if (point == null) errors.add(ProblemError.at("/point", "required: the index of the point in the frontier's points"));
        if (!errors.isEmpty()) throw ApiException.unprocessable("The adoption request is invalid.", errors);
        AnalysisStore.Analysis a = analyses.byJob(frontier, planId, version, Kind.FRONTIER).orElseThrow(() -> ApiException.unprocessable(
                "The adoption request is invalid.", List.of(ProblemError.at("/frontier", "no frontier of this plan version was computed by this job"))));
        JsonNode points = Json.mapper().readTree(a.body()).get("points");
        if (point < 0 || point >= points.size())
            throw ApiException.unprocessable("The adoption request is invalid.",
                    List.of(ProblemError.at("/point", "must be in [0, " + points.size() + "): the frontier's points, by rising risk budget")));
        JsonNode chosen = points.get(point);
        Plan adopted = Json.mapper().treeToValue(chosen.get("plan"), Plan.class);
        String hash = Idempotency.hash("adopt\n" + planId + "\n" + version + "\n" + frontier + "\n" + point);
        return idempotency.serialised(caller, key, () -> {
            var replay = idempotency.replay(caller, key, hash, "version");
            if (replay.isPresent()) {
                String[] at = replay.get().split("/");
                return new PlanStore.Saved(at[0], Integer.parseInt(at[1]));
            }
            return tx.execute(s -> {
                PlanStore.Saved saved = plans.saveVersion(caller, frontier, plan.scenario(), planId, adopted, stored.scenarioEvents());
                idempotency.remember(caller, key, hash, "version", saved.planId() + "/" + saved.version());
                audit.record(caller, "frontier.adopt", "plan", saved.planId() + "/" + saved.version(),
                        "from=" + version + " frontier=" + frontier + " point=" + point + " riskBudget=" + chosen.get("riskBudget").asDouble());
                return saved;
            });
        });
    }

    /** A plan the caller may read and whose organisation is the caller's: 404, or 403 with {@code refusal}. */
    private PlanStore.PlanInfo owned(Caller caller, String planId, String refusal) {
        PlanStore.PlanInfo plan = plans.find(planId).filter(p -> access.sees(caller, p.organisation()))
                .orElseThrow(() -> ApiException.notFound("plan", planId));
        if (!plan.organisation().equals(caller.organisation())) throw ApiException.forbidden(refusal);
        return plan;
    }

    /** 1..MAX_BUDGETS budgets in [0, 1], each bad one at its own pointer. */
    private static List<Double> budgets(JsonNode given, List<ProblemError> errors) {
        if (given == null || given.isNull()) { errors.add(ProblemError.at("/budgets", "required: an array of risk budgets in [0, 1]")); return List.of(); }
        if (!given.isArray() || given.isEmpty() || given.size() > MAX_BUDGETS) {
            errors.add(ProblemError.at("/budgets", "must be an array of 1 to " + MAX_BUDGETS + " risk budgets in [0, 1]"));
            return List.of();
        }
        List<Double> budgets = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            JsonNode b = given.get(i);
            if (b.isNumber() && b.asDouble() >= 0 && b.asDouble() <= 1) budgets.add(b.asDouble());
            else errors.add(ProblemError.at("/budgets/" + i, "must be a number in [0, 1] (a share of dispatched tonnes)"));
        }
        return budgets;
    }

    /** The version's options with the requested worker count (0 = cores), at most the server's cores. */
    private static SolveOptions withThreads(SolveOptions o, JsonNode given, List<ProblemError> errors) {
        if (given == null || given.isNull()) return o;
        int cores = Runtime.getRuntime().availableProcessors();
        if (!given.isIntegralNumber() || !given.canConvertToInt() || given.asInt() < 0 || given.asInt() > cores) {
            errors.add(ProblemError.at("/threads", "must be an integer from 0 (all cores) to " + cores + " (the cores of this server)"));
            return o;
        }
        return new SolveOptions(o.horizonDays(), o.riskBudget(), o.riskWeight(), o.routeRiskCap(), o.equityFloor(), o.timeLimitSeconds(),
                given.asInt(), o.seed());
    }
}
