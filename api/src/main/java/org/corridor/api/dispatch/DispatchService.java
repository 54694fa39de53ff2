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
import java.util.zip.GZIPOutputStream;
import org.corridor.api.job.Idempotency;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.resolve.PlanHistory;
import org.corridor.api.security.AccessPolicy;
import org.corridor.convoy.Dispatch;
import org.corridor.convoy.Dispatches;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.springframework.stereotype.Service;
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
 */
@Service
public class DispatchService {
    private final PlanStore plans;
    private final PlanHistory history;
    private final AccessPolicy access;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Builds in progress by team and plan version; readers of the same version wait for the one build. */
    private final Map<String, CompletableFuture<Cached>> building = new ConcurrentHashMap<>();

    public DispatchService(PlanStore plans, PlanHistory history, AccessPolicy access) {
        this.plans = plans;
        this.history = history;
        this.access = access;
    }

    /** A serialised dispatch and its validator, valid while the plan store's cache stamp is unchanged. */
    public record Cached(long generation, String planId, int version, byte[] json, byte[] gzip, String etag) {}

    /** The team's dispatch from the current plan; empty when no plan concerns its agency yet. */
    public Optional<Cached> current(String agency, String hub) {
        String key = agency + "/" + hub;
        long generation = plans.cacheStamp();
        Cached hit = cache.get(key);
        if (generation >= 0 && hit != null && hit.generation() == generation) return Optional.of(hit);
        Optional<PlanStore.Current> current = plans.current(List.of(agency, access.coordinationCell()));
        if (current.isEmpty()) return Optional.empty();
        PlanStore.Current ref = current.get();
        Cached built = hit != null && hit.planId().equals(ref.planId()) && hit.version() == ref.version()
                ? hit : buildOnce(key + "@" + ref.planId() + "/" + ref.version(), ref, agency, hub, generation);
        built = stamped(built, generation);
        if (generation >= 0) cache.put(key, built);
        return Optional.of(built);
    }

    /**
     * Builds {@code ref}'s dispatch, or waits for the build already in flight for the same team and
     * version (keyed by the version this reader found current, so it never gets an older one).
     */
    private Cached buildOnce(String flight, PlanStore.Current ref, String agency, String hub, long generation) {
        CompletableFuture<Cached> mine = new CompletableFuture<>();
        CompletableFuture<Cached> theirs = building.putIfAbsent(flight, mine);
        if (theirs != null) return awaitBuild(theirs);
        try {
            Cached built = build(plans.find(ref.planId()).orElseThrow(), ref, agency, hub, generation);
            mine.complete(built);
            return built;
        } catch (Throwable e) {
            mine.completeExceptionally(e); // waiters get the builder's failure instead of waiting forever
            throw e;
        } finally {
            building.remove(flight, mine);
        }
    }

    private Cached build(PlanStore.PlanInfo info, PlanStore.Current ref, String agency, String hub, long generation) {
        PlanStore.Stored stored = history.stored(info, ref.version());
        Plan plan = Json.read(stored.body(), Plan.class);
        Dispatch dispatch = Dispatches.forTeam(history.scenarioOf(info, stored), plan, agency, hub);
        if (ref.version() > 1) dispatch = dispatch.withChanges(history.diff(info, ref.version() - 1, ref.version()).changesFor(dispatch.team()));
        byte[] json = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(dispatch)
                .getBytes(StandardCharsets.UTF_8);
        return new Cached(generation, ref.planId(), ref.version(), json, gzip(json), "W/\"" + Idempotency.hash(json).substring(0, 32) + "\"");
    }

    /** The same bytes under this reader's stamp: they depend only on the team and plan version, not on the stamp built under. */
    private static Cached stamped(Cached c, long generation) {
        return c.generation() == generation ? c : new Cached(generation, c.planId(), c.version(), c.json(), c.gzip(), c.etag());
    }

    /** The in-flight build's result, or its failure rethrown as it was thrown. */
    private static Cached awaitBuild(CompletableFuture<Cached> build) {
        try {
            return build.join();
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
