package org.corridor.api.dispatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.corridor.api.job.Idempotency;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.resolve.PlanHistory;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.api.security.AccessPolicy;
import org.corridor.convoy.Dispatch;
import org.corridor.convoy.Dispatches;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.resolve.PlanDiff;
import org.corridor.scenario.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.SerializationFeature;

/**
 * A field team's current dispatch: the optimizer's {@link Dispatches#forTeam} of the newest plan
 * version owned by its agency or by the coordination cell, read against the scenario version that plan
 * version was made for, with the team's changes since the plan's previous version
 * ({@code changesSincePrevious}, each with the event that caused it). Built once per plan version and team,
 * then served from memory with its ETag, so polling over a poor connection costs a map lookup (and
 * a 304) until the plan changes. The gzip form is built once too: compressing per response set up a
 * fresh zlib stream (a quarter of a megabyte of native buffers) for every read of the same bytes.
 * The ETag is weak because both encodings of the one representation share it.
 *
 * <p>A miss is built once however many readers miss at the same time: when a new version becomes
 * the current plan every polling team misses together, and the load test measured each of them
 * parsing the stored plan, diffing and compressing the same dispatch (reads' p99 0.6-1.1 s at
 * 500-1,000 reads/s in the second a flood solve finished, 5-11 ms otherwise).
 *
 * <p>Even one build made every reader of the team wait for it: 15-144 ms (a 36 ms build of a 440 KB
 * plan, 122 ms in the first one after start-up), which was the tail of the load test's reads while
 * flood solves finished. So the version's writer builds it first ({@link #prepare}): inside the write's
 * transaction, on the solve worker that stores the plan, for every team that has read a dispatch the
 * version will replace. When the commit makes the version current its dispatches are ready; a team
 * that never read before builds on its first read as above.
 */
@Service
public class DispatchService {
    private static final Logger log = LoggerFactory.getLogger(DispatchService.class);
    private final PlanStore plans;
    private final PlanHistory history;
    private final ScenarioCatalog scenarios;
    private final AccessPolicy access;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Builds in progress by team and plan version; readers of the same version wait for the one build. */
    private final Map<String, CompletableFuture<Cached>> building = new ConcurrentHashMap<>();
    /** Lookups of the current plan in progress by team and cache stamp; readers of the same stamp share one. */
    private final Map<String, CompletableFuture<Optional<Cached>>> lookups = new ConcurrentHashMap<>();
    /** Each team's dispatch in the newest version written for it, built before that version's commit. */
    private final Map<String, Cached> prepared = new ConcurrentHashMap<>();
    /** Dispatches a reader had to build (none was cached or prepared). */
    private final AtomicLong builtOnRead = new AtomicLong();

    public DispatchService(PlanStore plans, PlanHistory history, ScenarioCatalog scenarios, AccessPolicy access) {
        this.plans = plans;
        this.history = history;
        this.scenarios = scenarios;
        this.access = access;
    }

    /** A serialised dispatch and its validator, valid while the plan store's cache stamp is unchanged. */
    public record Cached(long generation, String planId, int version, byte[] json, byte[] gzip, String etag) {}

    /** The team's dispatch from the current plan; empty when no plan concerns its agency yet, or the plan's scenario has no such agency or hub. */
    public Optional<Cached> current(String agency, String hub) {
        String key = agency + "/" + hub;
        long generation = plans.cacheStamp();
        if (generation < 0) return lookUp(key, agency, hub, generation); // a commit in progress: each reader asks the database
        Cached hit = cache.get(key);
        if (isFresh(hit, generation)) return Optional.of(hit);
        // One lookup per team and stamp. When a commit bumps the stamp every polling reader of the team misses at
        // once; each asking the database itself took 10-80 ms per read at 1,000 reads/s while solves ran (a probe of
        // 2026-11-29). Sharing a lookup is safe: a reader that found this stamp began after every write it shows had ended.
        String flight = key + "#" + generation;
        CompletableFuture<Optional<Cached>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Cached>> theirs = lookups.putIfAbsent(flight, mine);
        if (theirs != null) return await(theirs);
        try {
            Optional<Cached> found = lookUp(key, agency, hub, generation);
            mine.complete(found);
            return found;
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            lookups.remove(flight, mine);
        }
    }

    /**
     * The team's dispatch from the plan the database says is current, cached under {@code generation} unless negative;
     * the cache, read again here by a lookup's leader, may already hold that (a lookup that ended while it queued).
     */
    private Optional<Cached> lookUp(String key, String agency, String hub, long generation) {
        Cached hit = cache.get(key);
        if (isFresh(hit, generation)) return Optional.of(hit);
        Optional<PlanStore.Current> current = plans.current(List.of(agency, access.coordinationCell()));
        if (current.isEmpty()) return Optional.empty();
        PlanStore.Current ref = current.get();
        // Only the scenario's own teams are built and cached: a coordinator may read any agency and a planner any hub
        // name, and each made-up name had added an (empty) dispatch to the cache for good. Events never add agencies
        // or places, so the base scenario decides.
        if (!hasTeam(scenarios.scenario(ref.scenario()), agency, hub)) return Optional.empty();
        Cached ready = prepared.get(key);
        Cached built = isOf(hit, ref) ? hit : isOf(ready, ref) ? ready
                : buildOnce(key + "@" + ref.planId() + "/" + ref.version(), key, ref, agency, hub, generation);
        built = stamped(built, generation);
        if (generation >= 0) cache.put(key, built);
        return Optional.of(built);
    }

    /**
     * Builds {@code ref}'s dispatch, or waits for the build already in flight for the same team and
     * version (keyed by the version this reader found current, so it never gets an older one).
     */
    private Cached buildOnce(String flight, String key, PlanStore.Current ref, String agency, String hub, long generation) {
        CompletableFuture<Cached> mine = new CompletableFuture<>();
        CompletableFuture<Cached> theirs = building.putIfAbsent(flight, mine);
        if (theirs != null) return await(theirs);
        try {
            // a build that ended between this reader's cache lookup and its turn here left its result in the cache
            Cached done = cache.get(key);
            Cached built = isOf(done, ref) ? done : build(source(plans.find(ref.planId()).orElseThrow(), ref), agency, hub, generation);
            if (built != done) builtOnRead.incrementAndGet();
            mine.complete(built);
            return built;
        } catch (Throwable e) {
            mine.completeExceptionally(e); // waiters get the builder's failure instead of waiting forever
            throw e;
        } finally {
            building.remove(flight, mine);
        }
    }

    /**
     * Builds the dispatches of version {@code written} for the teams that have read one and whose current plan it
     * becomes (its owner's agency, or every team for the coordination cell's plans), so that no reader waits
     * for a build when the commit makes it current. Runs on the writing thread inside its transaction, whose
     * connection sees the version; a rollback drops what was built. A failure is logged and leaves those teams to build
     * on their next read: it must not undo the plan.
     */
    @EventListener
    public void prepare(PlanStore.VersionWritten written) {
        try {
            PlanStore.PlanInfo info = plans.find(written.planId()).orElseThrow();
            String owner = info.organisation();
            boolean everyTeam = owner.equals(access.coordinationCell());
            List<String> teams = cache.keySet().stream().filter(k -> everyTeam || k.startsWith(owner + "/")).sorted().toList();
            if (teams.isEmpty()) return;
            teams.forEach(prepared::remove); // an older version's bytes must not outlive this version's failure
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override public void afterCompletion(int status) {
                        if (status != STATUS_COMMITTED) prepared.values().removeIf(c -> c.planId().equals(written.planId()) && c.version() == written.version());
                    }
                });
            }
            Source source = source(info, new PlanStore.Current(written.planId(), written.version(), info.scenario()));
            for (String team : teams) {
                int slash = team.indexOf('/');
                String agency = team.substring(0, slash), hub = team.substring(slash + 1);
                // only the new version's scenario's teams: the cached ones may come from another scenario's plan
                if (hasTeam(source.scenario(), agency, hub))
                    prepared.put(team, build(source, agency, hub, -1));
            }
        } catch (RuntimeException e) {
            log.warn("Dispatches of a new plan version were not prepared ({}); teams build them on their next read", e.getClass().getSimpleName());
        }
    }

    /** Whether {@code scenario} has the agency and the hub (a place) of a team. */
    private static boolean hasTeam(Scenario scenario, String agency, String hub) {
        return scenario.agenciesById().containsKey(agency) && scenario.locationsById().containsKey(hub);
    }

    /** Whether {@code c} was cached under {@code generation}, a stamp with no write open. */
    private static boolean isFresh(Cached c, long generation) {
        return generation >= 0 && c != null && c.generation() == generation;
    }

    /** Dispatches that readers had to build themselves since start-up. */
    public long builtOnRead() { return builtOnRead.get(); }

    /** What every team's dispatch of one version is made from: the plan, its scenario version and its diff from the previous version. */
    private record Source(PlanStore.Current ref, Scenario scenario, Plan plan, PlanDiff diff) {}

    private Source source(PlanStore.PlanInfo info, PlanStore.Current ref) {
        PlanStore.Stored stored = history.stored(info, ref.version());
        PlanDiff diff = ref.version() > 1 ? history.diff(info, ref.version() - 1, ref.version()) : null;
        return new Source(ref, history.scenarioOf(info, stored), Json.read(stored.body(), Plan.class), diff);
    }

    private static Cached build(Source source, String agency, String hub, long generation) {
        PlanStore.Current ref = source.ref();
        Dispatch dispatch = Dispatches.forTeam(source.scenario(), source.plan(), agency, hub);
        if (source.diff() != null) dispatch = dispatch.withChanges(source.diff().changesFor(dispatch.team()));
        byte[] json = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(dispatch)
                .getBytes(StandardCharsets.UTF_8);
        return new Cached(generation, ref.planId(), ref.version(), json, gzip(json), "W/\"" + Idempotency.hash(json).substring(0, 32) + "\"");
    }

    /** Whether {@code c} holds the dispatch of {@code ref}'s version. */
    private static boolean isOf(Cached c, PlanStore.Current ref) {
        return c != null && c.planId().equals(ref.planId()) && c.version() == ref.version();
    }

    /** The same bytes under this reader's stamp: they depend only on the team and plan version, not on the stamp built under. */
    private static Cached stamped(Cached c, long generation) {
        return c.generation() == generation ? c : new Cached(generation, c.planId(), c.version(), c.json(), c.gzip(), c.etag());
    }

    /** An in-flight build's or lookup's result, or its failure rethrown as it was thrown. */
    private static <T> T await(CompletableFuture<T> flight) {
        try {
            return flight.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw e;
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }
}
