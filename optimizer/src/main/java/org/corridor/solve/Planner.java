package org.corridor.solve;

import com.google.ortools.Loader;
import com.google.ortools.init.OrToolsVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.access.AccessRule;
import org.corridor.allocation.AllocationResult;
import org.corridor.allocation.Allocator;
import org.corridor.allocation.RoutePool;
import org.corridor.allocation.Stability;
import org.corridor.lastmile.LastMile;
import org.corridor.convoy.ConvoyOptions;
import org.corridor.convoy.ConvoyScheduler;
import org.corridor.network.CompiledNetwork;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;

/**
 * The solve pipeline's entry point: scenario and options in, plan out.
 *
 * <p>Stages: compile (rules into per-agency views), allocate (candidate routes on the worker pool,
 * then the lexicographic LP), convoys (whole trucks per route and day, CP-SAT per agency on the
 * pool), last mile (per hub routing on the worker pool). Each stage reports progress and checks for
 * cancellation before it starts; the LP also passes cancellation to GLOP's interrupt hook, the
 * convoy stage stops CP-SAT.
 *
 * <p>Determinism: the same scenario and options give a byte-identical {@link Json#write plan JSON}
 * for any thread count, apart from {@code solver.stageMillis} and {@code solver.threads} (and
 * {@code options.threads}, which echoes the request).
 *
 * <p>Thread-safe: every call builds its own pool and model; concurrent solves are independent.
 */
public final class Planner {
    private Planner() {}

    /** Solves without cancellation or progress reporting. */
    public static Plan solve(Scenario scenario, SolveOptions options) {
        return solve(scenario, options, SolveControl.NONE);
    }

    /**
     * Solves {@code scenario} under {@code options}.
     *
     * @throws SolveControl.SolveCancelledException when {@code control} cancels the solve
     */
    public static Plan solve(Scenario scenario, SolveOptions options, SolveControl control) {
        return solveInDetail(scenario, options, control).plan();
    }

    /**
     * Solves and also returns the compiled network and the allocation's shadow prices, for stages
     * that build on the LP (explanations, value of access).
     */
    public static Outcome solveInDetail(Scenario scenario, SolveOptions options, SolveControl control) {
        return solveInDetail(scenario, options, control, Stability.NONE, 1);
    }

    /**
     * The same pipeline for a re-solve (see {@code org.corridor.resolve.Resolver}): the allocation keeps
     * what {@code stability} asks of it, and the plan gets number {@code version}.
     */
    public static Outcome solveInDetail(Scenario scenario, SolveOptions options, SolveControl control, Stability stability, int version) {
        return complete(scenario, options, allocate(scenario, options, control, stability, version), control);
    }

    /**
     * The allocation stage only (compile, candidate routes, the LP): the plan has routes, unmet need,
     * KPIs and its solver record, but no convoys, route schedules or last mile. For callers that
     * re-solve many variants and read only the allocation (explanations, the frontier's budgets);
     * {@link #complete} turns the outcome into the plan {@link #solveInDetail} would give.
     */
    public static Outcome allocate(Scenario scenario, SolveOptions options, SolveControl control) {
        return allocate(scenario, options, control, Stability.NONE, 1);
    }

    /**
     * The allocation stage of a re-solve: the LP keeps what {@code stability} asks of it, and the plan gets
     * number {@code version}.
     */
    public static Outcome allocate(Scenario scenario, SolveOptions options, SolveControl control, Stability stability, int version) {
        return allocate(scenario, options, control, stability, version, null);
    }

    /**
     * The allocation stage of a re-solve as above, taking over from {@code reuse} (the {@link Outcome#routePool()} of an
     * earlier solve or re-solve in this JVM, or null) the agency views and candidate routes the new version leaves as they
     * were ({@link RoutePool}): the outcome is the one without {@code reuse}, its timings and its own pool aside.
     */
    public static Outcome allocate(Scenario scenario, SolveOptions options, SolveControl control, Stability stability, int version,
                                   RoutePool reuse) {
        if (version < 1) throw new IllegalArgumentException("plan version must be >= 1");
        Map<String, Long> millis = new LinkedHashMap<>();
        try (WorkerPool pool = new WorkerPool(options.effectiveThreads())) {
            control.progress("compile", 0.0);
            if (control.cancelled()) throw new SolveControl.SolveCancelledException("compile");
            long t0 = System.nanoTime();
            CompiledNetwork net = CompiledNetwork.compile(scenario, options.horizonDays(), reuse == null ? null : reuse.network());
            millis.put("compile", (System.nanoTime() - t0) / 1_000_000);

            control.progress("allocate", 0.2);
            if (control.cancelled()) throw new SolveControl.SolveCancelledException("allocate");
            AllocationResult alloc = Allocator.allocate(net, options, pool, control, stability, reuse);
            millis.putAll(alloc.stageMillis());

            String hash = inputHash(scenario, options);
            Plan.SolverRecord record = new Plan.SolverRecord(alloc.status(), alloc.objective(), alloc.bound(),
                    gap(alloc.objective(), alloc.bound()), millis, hash, options.seed(), pool.threads(),
                    ortoolsVersion(), options.timeLimitSeconds());
            Plan plan = new Plan("plan-" + hash.substring(0, 12), version, scenario.name(), options, alloc.kpis(),
                    alloc.routes(), alloc.unmet(), record);
            return new Outcome(plan, net, alloc);
        }
    }

    /**
     * Runs the stages after the allocation on an {@link #allocate} outcome of {@code scenario} under
     * {@code options}: convoys (whole trucks per route and day), then last mile per hub.
     *
     * @throws SolveControl.SolveCancelledException when {@code control} cancels
     */
    public static Outcome complete(Scenario scenario, SolveOptions options, Outcome allocated, SolveControl control) {
        return complete(scenario, options, allocated, control,
                (plan, pool) -> ConvoyScheduler.schedule(scenario, plan, ConvoyOptions.DEFAULTS, pool, control, null));
    }

    /** The convoy stage as a step of {@link #complete}: the allocated plan in, the plan with convoys out. */
    @FunctionalInterface
    public interface ConvoyStage {
        Plan schedule(Plan allocated, WorkerPool pool);
    }

    /**
     * {@link #complete(Scenario, SolveOptions, Outcome, SolveControl)} with another convoy stage (a re-solve
     * schedules around the convoys it keeps); last mile and timings as there.
     */
    public static Outcome complete(Scenario scenario, SolveOptions options, Outcome allocated, SolveControl control, ConvoyStage convoys) {
        return complete(scenario, options, allocated, control, convoys, null, null);
    }

    /**
     * {@link #complete(Scenario, SolveOptions, Outcome, SolveControl, ConvoyStage)} for a re-solve: the last
     * mile re-uses the tours of {@code previous} (made for {@code previousScenario}) at hubs whose routing
     * instance has not changed (see {@link LastMile#plan(Scenario, Plan, WorkerPool, SolveControl, Scenario, Plan)}).
     */
    public static Outcome complete(Scenario scenario, SolveOptions options, Outcome allocated, SolveControl control, ConvoyStage convoys,
                                   Scenario previousScenario, Plan previous) {
        Map<String, Long> millis = new LinkedHashMap<>(allocated.plan().solver().stageMillis());
        try (WorkerPool pool = new WorkerPool(options.effectiveThreads())) {
            control.progress(ConvoyScheduler.STAGE, 0.6);
            long tConvoys = System.nanoTime();
            Plan plan = convoys.schedule(allocated.plan(), pool);
            millis.put(ConvoyScheduler.STAGE, (System.nanoTime() - tConvoys) / 1_000_000);

            control.progress(LastMile.STAGE, 0.8);
            if (control.cancelled()) throw new SolveControl.SolveCancelledException(LastMile.STAGE);
            long tLastMile = System.nanoTime();
            plan = LastMile.plan(scenario, plan, pool, control, previousScenario, previous);
            millis.put(LastMile.STAGE, (System.nanoTime() - tLastMile) / 1_000_000);
            control.progress("done", 1.0);

            Plan.SolverRecord r = allocated.plan().solver();
            Plan.SolverRecord record = new Plan.SolverRecord(r.status(), r.objective(), r.bound(), r.gap(), millis, r.inputHash(),
                    r.seed(), pool.threads(), r.ortoolsVersion(), r.timeLimitSeconds());
            plan = new Plan(plan.planId(), plan.version(), plan.scenario(), plan.options(), plan.kpis(), plan.routes(), plan.unmet(),
                    record, plan.convoys(), plan.routeSchedules(), plan.convoySolver(), plan.lastMile(), plan.lastMileDropped(),
                    plan.lastMilePoints(), plan.lastMileSolver());
            return new Outcome(plan, allocated.network(), allocated.allocation());
        }
    }

    /** A plan together with what produced it. */
    public record Outcome(Plan plan, CompiledNetwork network, AllocationResult allocation) {
        /** The network and candidate routes a re-solve of a later version may take over ({@link #allocate(Scenario, SolveOptions, SolveControl, Stability, int, RoutePool)}). */
        public RoutePool routePool() { return allocation.routePool(); }
    }

    /** Relative gap |objective - bound| / max(1, |objective|). */
    static double gap(double objective, double bound) {
        return Math.abs(objective - bound) / Math.max(1, Math.abs(objective));
    }

    /**
     * SHA-256 over a canonical serialisation: the scenario as JSON without its rules, then every rule
     * as its type name and JSON, then the options with {@code threads} set to 0 (the thread count
     * does not change the plan, so it does not change the hash).
     */
    public static String inputHash(Scenario scenario, SolveOptions options) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Json.write(scenario.withRules(List.of())).getBytes(StandardCharsets.UTF_8));
            for (AccessRule r : scenario.rules()) {
                md.update(r.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
                md.update(Json.write(r).getBytes(StandardCharsets.UTF_8));
            }
            SolveOptions o = new SolveOptions(options.horizonDays(), options.riskBudget(), options.riskWeight(), options.routeRiskCap(),
                    options.equityFloor(), options.timeLimitSeconds(), 0, options.seed());
            md.update(Json.write(o).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String ortoolsVersion() {
        Loader.loadNativeLibraries();
        return OrToolsVersion.getVersionString();
    }
}
