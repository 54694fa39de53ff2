package org.corridor.api.job;

import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.corridor.allocation.RoutePool;
import org.corridor.api.CorridorProperties;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.ScenarioException;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs solves as jobs. Admission is bounded: at most {@code workers} solves run and
 * {@code queueCapacity} wait; beyond that a submit is refused with 503 and Retry-After, so there is
 * never an unbounded backlog. Each job has a wall-time limit, and cancelling (or the limit) reaches
 * the solver through {@link SolveControl#cancelled()}, which frees its threads at the solver's next
 * check. Every state change is persisted first; jobs a dead process left behind are failed at start.
 * Solves ({@link #submit(Caller, SolveRequest, String)}) and re-solves (prepared by
 * {@link org.corridor.api.resolve.ResolveService} as a {@link Work}) share all of this.
 */
@Service
public class JobService {
    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    static final String INTERRUPTED = "interrupted: the service stopped while this job was queued or running; submit it again";

    private final JobRepository repo;
    private final ScenarioCatalog scenarios;
    private final PlanStore plans;
    private final Solver solver;
    private final Idempotency idempotency;
    private final AuditLog audit;
    private final AccessPolicy access;
    private final TransactionTemplate tx;
    private final CorridorProperties.Jobs limits;
    private final Semaphore admission;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final Map<String, Control> live = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /**
     * Route pools kept in memory for re-solves (each a compiled network and its candidate routes: 1.1 MB of heap on the
     * Afghanistan scenario, 12.6 MB on its 10x instance; see the README's re-solve section).
     */
    static final int MAX_ROUTE_POOLS = 4;
    private final Map<String, RoutePool> routePools = new LinkedHashMap<>(8, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, RoutePool> eldest) { return size() > MAX_ROUTE_POOLS; }
    };

    public JobService(JobRepository repo, ScenarioCatalog scenarios, PlanStore plans, Solver solver, Idempotency idempotency,
                      AuditLog audit, AccessPolicy access, TransactionTemplate tx, CorridorProperties properties) {
        this.repo = repo;
        this.scenarios = scenarios;
        this.plans = plans;
        this.solver = solver;
        this.idempotency = idempotency;
        this.audit = audit;
        this.access = access;
        this.tx = tx;
        this.limits = properties.jobs();
        int failed = repo.failInterrupted(INTERRUPTED);
        if (failed > 0) log.warn("{} job(s) left unfinished by the previous run were marked FAILED", failed);
        this.admission = new Semaphore(limits.workers() + limits.queueCapacity());
        AtomicInteger n = new AtomicInteger();
        SolveThreadPriority priority = new SolveThreadPriority(limits.nice());
        // the semaphore is the bound; the queue is sized so a worker that released its permit but has
        // not yet taken the next task can never make execute() reject an admitted job
        this.pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.workers() + limits.queueCapacity()),
                r -> {
                    // lowered by the worker itself at its start (renice needs its own thread id), before any
                    // solve: the optimizer's and OR-Tools' threads that its solves start inherit the priority
                    Thread t = new Thread(() -> { priority.lowerCurrentThread(); r.run(); }, "solve-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> { Thread t = new Thread(r, "solve-deadline"); t.setDaemon(true); return t; });
    }

    /** A job and whether it was created by an earlier request with the same Idempotency-Key. */
    public record Submitted(Job job, boolean replayed) {}

    /** What a job computes, polling {@code control}; runs on a solve worker. */
    @FunctionalInterface
    public interface Work {
        Outcome run(SolveControl control);
    }

    /**
     * A job's result, stored by {@link #store} in the transaction that marks the job SUCCEEDED (so a
     * result is never visible without its job, nor a SUCCEEDED job without its result).
     */
    @FunctionalInterface
    public interface Outcome {
        /** Stores the result of job {@code jobId} for {@code owner}; returns where it went. */
        Stored store(Caller owner, String jobId);
    }

    /**
     * Where a job's result was stored.
     *
     * @param planId      the plan version it made or belongs to (the job's planId once SUCCEEDED)
     * @param version     that version
     * @param auditAction what the audit trail calls the creation (e.g. plan.version.create)
     * @param auditObject the object id the audit trail names (never coordinates)
     */
    public record Stored(String planId, int version, String auditAction, String auditObject) {}

    /**
     * The outcome of a solve or re-solve: {@code plan} as the next version of {@code planId}, or
     * version 1 of a new plan when {@code planId} is null.
     *
     * @param scenarioEvents events of the owner's history on the scenario that {@code plan} was made with
     */
    public Outcome newVersion(String scenarioId, String planId, Plan plan, int scenarioEvents) {
        return newVersion(scenarioId, planId, plan, scenarioEvents, null);
    }

    /**
     * {@link #newVersion(String, String, Plan, int)} that also keeps {@code routes} (the solve's {@link RoutePool}, or
     * null) in memory for the re-solve of the stored version ({@link #routePool}).
     */
    public Outcome newVersion(String scenarioId, String planId, Plan plan, int scenarioEvents, RoutePool routes) {
        return (owner, jobId) -> {
            PlanStore.Saved saved = plans.saveVersion(owner, jobId, scenarioId, planId, plan, scenarioEvents);
            if (routes != null) synchronized (routePools) { routePools.put(saved.planId() + "/" + saved.version(), routes); }
            return new Stored(saved.planId(), saved.version(), "plan.version.create", saved.planId() + "/" + saved.version());
        };
    }

    /**
     * The route pool of the in-JVM solve or re-solve that made version {@code version} of {@code planId}, for its re-solve
     * to take over; null when there is none (a restart, a solve in a child JVM, or evicted: only {@link #MAX_ROUTE_POOLS}
     * are kept, the least recently used dropped first). A re-solve given none, or another version's, makes the same plan
     * (a pool is taken over only where it matches), so the cache needs no invalidation.
     */
    public RoutePool routePool(String planId, int version) {
        synchronized (routePools) { return routePools.get(planId + "/" + version); }
    }

    /**
     * A job to admit.
     *
     * @param kind          {@code SOLVE}, {@code RESOLVE}, or an analysis of a plan version
     *                      ({@code EXPLAIN}, {@code VALUE_OF_ACCESS}, {@code FRONTIER})
     * @param plan          the plan the job adds a version to or analyses; null = a new plan
     * @param options       the job's options as JSON, stored with it
     * @param requestHash   hash of the canonical request, for Idempotency-Key replays
     * @param auditAction   what the audit trail calls the submission
     * @param auditDetail   ids and counts for the audit trail (never coordinates)
     * @param inTransaction runs in the transaction that stores the job, before it (e.g. recording the
     *                      events a re-solve is for); throwing rolls everything back and admits nothing
     */
    public record Spec(String kind, String scenario, String plan, String options, String requestHash, String auditAction,
                       String auditDetail, Runnable inTransaction) {}

    /** Validates and admits a solve; 422 for bad input, 503 when full. */
    public Submitted submit(Caller caller, SolveRequest request, String idempotencyKey) {
        String key = Idempotency.validKey(idempotencyKey);
        List<ProblemError> errors = new ArrayList<>();
        boolean scenarioOk = false;
        if (request.scenario() == null || request.scenario().isBlank()) errors.add(ProblemError.at("/scenario", "required: the id of a scenario"));
        else if (!scenarios.visible(caller, request.scenario())) errors.add(ProblemError.at("/scenario", "no scenario with this id that you can see"));
        else scenarioOk = true;
        if (request.plan() != null) {
            Optional<PlanStore.PlanInfo> target = plans.find(request.plan()).filter(p -> access.sees(caller, p.organisation()));
            if (target.isEmpty()) errors.add(ProblemError.at("/plan", "no plan with this id that you can see"));
            else if (!target.get().organisation().equals(caller.organisation()))
                errors.add(ProblemError.at("/plan", "only the organisation that owns a plan may add versions to it"));
            else if (!target.get().scenario().equals(request.scenario()))
                errors.add(ProblemError.at("/plan", "this plan was made for another scenario"));
        }
        OptionalInt horizon = scenarioOk ? scenarios.defaultHorizonDays(request.scenario()) : OptionalInt.empty();
        SolveOptions options = options(request.options(), horizon, errors);
        if (!errors.isEmpty()) throw ApiException.unprocessable("The solve request is invalid.", errors);

        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("scenario", request.scenario());
        canonical.put("plan", request.plan());
        canonical.put("options", options);
        String scenarioId = request.scenario();
        Spec spec = new Spec("SOLVE", scenarioId, request.plan(), Json.mapper().writeValueAsString(options), Idempotency.hash(Json.write(canonical)),
                "solve.submit", "scenario=" + scenarioId + (request.plan() == null ? "" : " plan=" + request.plan()), () -> {});
        return idempotency.serialised(caller, key, () -> admit(caller, key, spec,
                control -> {
                    Solver.Solved solved = solver.solveInDetail(scenarios.scenario(scenarioId), options, control);
                    return newVersion(scenarioId, request.plan(), solved.plan(), 0, solved.routePool());
                }));
    }

    /**
     * Admits a job another service prepared and validated (a re-solve, an explanation, a frontier): the same admission bound
     * (503 when full), Idempotency-Key replay, time limit, cancel and persistence as a solve.
     */
    public Submitted submit(Caller caller, String idempotencyKey, Spec spec, Work work) {
        String key = Idempotency.validKey(idempotencyKey);
        return idempotency.serialised(caller, key, () -> admit(caller, key, spec, work));
    }

    private Submitted admit(Caller caller, String key, Spec spec, Work work) {
        String hash = spec.requestHash();
        Optional<Submitted> replay = replay(caller, key, hash);
        if (replay.isPresent()) return replay.get();
        if (!admission.tryAcquire())
            throw ApiException.unavailable("The solve queue is full; retry later.", limits.retryAfterSeconds());
        String id = "j-" + HexFormat.of().formatHex(bytes(8));
        try {
            tx.executeWithoutResult(s -> {
                spec.inTransaction().run();
                repo.insert(id, spec.kind(), caller.organisation(), caller.username(), spec.scenario(), spec.plan(), spec.options());
                idempotency.remember(caller, key, hash, "job", id);
                audit.record(caller, spec.auditAction(), "job", id, spec.auditDetail());
            });
        } catch (DuplicateKeyException sameKeyRace) {
            admission.release();
            return replay(caller, key, hash).orElseThrow(() -> sameKeyRace);
        } catch (RuntimeException e) {
            admission.release();
            throw e;
        }
        Control control = new Control(id, caller, work);
        live.put(id, control);
        try {
            pool.execute(control);
        } catch (RejectedExecutionException shuttingDown) {
            live.remove(id);
            admission.release();
            repo.finished(id, Job.Status.FAILED, INTERRUPTED);
            throw ApiException.unavailable("The service is shutting down; retry later.", limits.retryAfterSeconds());
        }
        return new Submitted(view(repo.find(id).orElseThrow()), false);
    }

    private Optional<Submitted> replay(Caller caller, String key, String hash) {
        return idempotency.replay(caller, key, hash, "job").map(id -> new Submitted(view(repo.find(id).orElseThrow()), true));
    }

    /** A job the caller may see, or 404. */
    public Job get(Caller caller, String id) {
        Job job = repo.find(id).filter(j -> access.sees(caller, j.organisation()))
                .orElseThrow(() -> ApiException.notFound("job", id));
        return view(job);
    }

    /** The newest jobs the caller may see. */
    public List<Job> list(Caller caller, int limit) {
        return repo.list(access.seesAll(caller) ? null : caller.organisation(), limit).stream().map(this::view).toList();
    }

    /**
     * Asks a job to stop. A queued job is cancelled at once; a running one stops at the solver's next
     * check (the returned view says {@code cancelRequested}). 409 if it has already finished.
     */
    public Job cancel(Caller caller, String id) {
        Job job = get(caller, id);
        if (job.status().finished()) throw ApiException.conflict("The job has already finished (" + job.status() + ").");
        audit.record(caller, "job.cancel", "job", id, "status=" + job.status());
        Control control = live.get(id);
        if (control == null) {
            repo.finished(id, Job.Status.CANCELLED, "cancelled by " + caller.username());
        } else {
            control.cancelRequested = true;
            control.cancelledBy = caller.username();
            if (pool.remove(control)) {
                live.remove(id);
                admission.release();
                repo.finished(id, Job.Status.CANCELLED, "cancelled by " + caller.username() + " before it started");
            }
        }
        // the job may stop (and leave the live set) between these reads: until it is recorded as
        // finished, what the caller should see is that its cancel is pending
        Job now = get(caller, id);
        return now.status().finished() ? now : now.withCancelRequested(true);
    }

    /** Solves admitted (running or queued) and the admission bound, for health and tests. */
    public Capacity capacity() {
        int total = limits.workers() + limits.queueCapacity();
        return new Capacity(total - admission.availablePermits(), pool.getActiveCount(), total);
    }

    /** @param admitted solves running or queued; @param running solves on a worker; @param limit admission bound */
    public record Capacity(int admitted, int running, int limit) {}

    private Job view(Job job) {
        Control c = live.get(job.id());
        return c != null && c.cancelRequested && !job.status().finished() ? job.withCancelRequested(true) : job;
    }

    /**
     * Options over their defaults (the optimizer's, with the scenario's declared horizon, as the CLI
     * does). Each given option is checked alone against the defaults, so every bad one is reported
     * with its own pointer, in the optimizer's words.
     */
    private SolveOptions options(JsonNode given, OptionalInt scenarioHorizon, List<ProblemError> errors) {
        ObjectNode defaults = Json.mapper().valueToTree(SolveOptions.DEFAULTS);
        scenarioHorizon.ifPresent(days -> defaults.put("horizonDays", days));
        if (given == null || given.isNull()) given = Json.mapper().createObjectNode();
        if (!given.isObject()) {
            errors.add(ProblemError.at("/options", "must be an object of solve options"));
            return SolveOptions.DEFAULTS;
        }
        ObjectNode merged = defaults.deepCopy();
        int before = errors.size();
        for (Map.Entry<String, JsonNode> e : given.properties()) {
            String pointer = "/options/" + ProblemError.token(e.getKey());
            if (!defaults.has(e.getKey())) {
                errors.add(ProblemError.at(pointer, "unknown option; known: " + String.join(", ", defaults.propertyNames())));
                continue;
            }
            ObjectNode one = defaults.deepCopy();
            one.set(e.getKey(), e.getValue());
            try {
                Json.mapper().treeToValue(one, SolveOptions.class);
                merged.set(e.getKey(), e.getValue());
            } catch (JacksonException bad) {
                Throwable cause = bad.getCause();
                errors.add(ProblemError.at(pointer, cause instanceof IllegalArgumentException ? cause.getMessage() : "wrong type for this option"));
            }
        }
        if (errors.size() > before) return SolveOptions.DEFAULTS;
        SolveOptions options = Json.mapper().treeToValue(merged, SolveOptions.class);
        int cores = Runtime.getRuntime().availableProcessors();
        if (options.threads() > cores)
            errors.add(ProblemError.at("/options/threads", "must be at most " + cores + " (the cores of this server), or 0 for all of them"));
        if (options.timeLimitSeconds() > limits.maxSeconds())
            errors.add(ProblemError.at("/options/timeLimitSeconds", "must be at most " + limits.maxSeconds() + " s on this server"));
        return options;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @PreDestroy
    void stop() {
        for (Control c : live.values()) c.stopping = true;
        List<Runnable> queued = new ArrayList<>();
        pool.getQueue().drainTo(queued);
        for (Runnable r : queued) {
            Control c = (Control) r;
            live.remove(c.id);
            repo.finished(c.id, Job.Status.FAILED, INTERRUPTED);
        }
        pool.shutdown();
        watchdog.shutdownNow();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) log.warn("solves still running at shutdown will be marked FAILED at the next start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One admitted job: its runnable, and the control its solver polls. */
    private final class Control implements SolveControl, Runnable {
        final String id;
        final Caller owner;
        final Work work;
        volatile boolean cancelRequested;
        volatile boolean timedOut;
        volatile boolean stopping;
        volatile String cancelledBy;
        private String lastStage;
        private long lastWrite;

        Control(String id, Caller owner, Work work) {
            this.id = id;
            this.owner = owner;
            this.work = work;
        }

        @Override public boolean cancelled() { return cancelRequested || timedOut || stopping; }

        /** Persisted when the stage changes, else at most once a second: progress is advisory. */
        @Override public void progress(String stage, double fraction) {
            long now = System.nanoTime();
            if (stage == null) return;
            if (stage.equals(lastStage) && now - lastWrite < 1_000_000_000L) return;
            lastStage = stage;
            lastWrite = now;
            repo.progress(id, stage, fraction);
        }

        @Override public void run() {
            ScheduledFuture<?> deadline = null;
            try {
                if (cancelled()) { finish(); return; }
                repo.running(id);
                deadline = watchdog.schedule(() -> { timedOut = true; }, limits.maxSeconds(), TimeUnit.SECONDS);
                Outcome outcome = work.run(this);
                if (cancelled()) { finish(); return; }
                tx.executeWithoutResult(s -> {
                    Stored stored = outcome.store(owner, id);
                    repo.succeeded(id, stored.planId(), stored.version());
                    audit.record(owner, stored.auditAction(), "plan", stored.auditObject(), "job=" + id);
                });
            } catch (SolveControl.SolveCancelledException e) {
                finish();
            } catch (ScenarioException e) {
                repo.finished(id, Job.Status.FAILED, "scenario invalid: " + e.problems().size() + " problem(s); first: " + e.problems().get(0));
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (cancelled()) finish();
                else repo.finished(id, Job.Status.FAILED, "solve failed: " + e.getMessage());
            } catch (Throwable t) {
                if (cancelled()) { finish(); return; }
                String incident = HexFormat.of().formatHex(bytes(6));
                log.error("job {} failed, incident {}", id, incident, t);
                repo.finished(id, Job.Status.FAILED, "internal error; quote incident " + incident + " to the operators");
            } finally {
                if (deadline != null) deadline.cancel(false);
                live.remove(id);
                admission.release();
            }
        }

        /** Records why a job that noticed cancellation stopped. */
        private void finish() {
            if (stopping) repo.finished(id, Job.Status.FAILED, INTERRUPTED);
            else if (timedOut) repo.finished(id, Job.Status.FAILED, "time limit of " + limits.maxSeconds() + " s per job exceeded");
            else repo.finished(id, Job.Status.CANCELLED, "cancelled by " + cancelledBy);
        }
    }
}
