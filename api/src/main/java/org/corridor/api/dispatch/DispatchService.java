package org.corridor.api.dispatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 */
@Service
public class DispatchService {
    private final PlanStore plans;
    private final PlanHistory history;
    private final AccessPolicy access;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

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
        Cached built;
        if (hit != null && hit.planId().equals(ref.planId()) && hit.version() == ref.version()) {
            built = new Cached(generation, hit.planId(), hit.version(), hit.json(), hit.gzip(), hit.etag());
        } else {
            PlanStore.PlanInfo info = plans.find(ref.planId()).orElseThrow();
            PlanStore.Stored stored = history.stored(info, ref.version());
            Plan plan = Json.read(stored.body(), Plan.class);
            Dispatch dispatch = Dispatches.forTeam(history.scenarioOf(info, stored), plan, agency, hub);
            if (ref.version() > 1) dispatch = dispatch.withChanges(history.diff(info, ref.version() - 1, ref.version()).changesFor(dispatch.team()));
            byte[] json = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(dispatch)
                    .getBytes(StandardCharsets.UTF_8);
            built = new Cached(generation, ref.planId(), ref.version(), json, gzip(json), "W/\"" + Idempotency.hash(json).substring(0, 32) + "\"");
        }
        if (generation >= 0) cache.put(key, built);
        return Optional.of(built);
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
