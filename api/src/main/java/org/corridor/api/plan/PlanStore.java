package org.corridor.api.plan;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.corridor.api.security.Caller;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plans and their versions. A version is immutable once written: the plan JSON exactly as the
 * optimizer produced it, with the service's plan id and version number stamped in.
 */
@Repository
public class PlanStore {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final SecureRandom random = new SecureRandom();
    /** Bumped when a version's write ends: readers cache "the current plan" against it. */
    private final AtomicLong generation = new AtomicLong();
    /**
     * Version writes committing and not yet ended. A commit becomes visible to other connections before
     * the synchronization after it runs; a job's client can see it succeed in that gap, so readers
     * must not trust their cache while any write is open (see {@link #cacheStamp}). A write in a
     * transaction opens when its commit begins: until then no other connection sees it, and readers
     * keep their cache while it serialises the plan and its listeners build dispatches (12-240 ms
     * measured under load, during which every read had gone to the database).
     */
    private final AtomicInteger writing = new AtomicInteger();

    public PlanStore(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** @param latestVersion the newest version number */
    public record PlanInfo(String id, String organisation, String scenario, int latestVersion, String createdBy, OffsetDateTime createdAt) {}

    /**
     * One version's metadata.
     *
     * @param scenarioEvents how many change events of the plan organisation's history on its scenario
     *                       the version was made with (0 = the scenario as uploaded or bundled)
     */
    public record VersionInfo(int version, String job, double coverage, String createdBy, OffsetDateTime createdAt, int scenarioEvents) {}

    /** One stored version: the plan JSON and the scenario version it was made for. */
    public record Stored(int version, String body, int scenarioEvents) {}

    /** Where a solve was stored. */
    public record Saved(String planId, int version) {}

    /**
     * A version was written: published by {@link #saveVersion} on the writing thread, inside the write's
     * transaction when there is one (before its commit, so listeners can get ready for the version
     * before any other connection can see it). A listener that throws rolls the write back.
     */
    public record VersionWritten(String planId, int version) {}

    /**
     * Stores {@code plan} as version 1 of a new plan owned by the owner's organisation, or as the next
     * version of {@code planId}. Call inside a transaction; the row lock orders concurrent versions.
     *
     * @param scenarioEvents events of the owner's history on the scenario the plan was made with
     */
    public Saved saveVersion(Caller owner, String jobId, String scenarioId, String planId, Plan plan, int scenarioEvents) {
        boolean transactional = TransactionSynchronizationManager.isSynchronizationActive();
        if (transactional) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                private boolean committing;
                @Override public void beforeCommit(boolean readOnly) {
                    writing.incrementAndGet();
                    committing = true;
                }
                // a rollback before the commit began opened nothing, and its version was never seen
                @Override public void afterCompletion(int status) { if (committing) writeEnded(); }
            });
        } else {
            writing.incrementAndGet(); // each statement commits as it runs
        }
        try {
            Saved saved = write(owner, jobId, scenarioId, planId, plan, scenarioEvents);
            events.publishEvent(new VersionWritten(saved.planId(), saved.version()));
            return saved;
        } finally {
            if (!transactional) writeEnded();
        }
    }

    private void writeEnded() {
        generation.incrementAndGet(); // before the decrement: a reader that sees no open write sees the new generation
        writing.decrementAndGet();
    }

    private Saved write(Caller owner, String jobId, String scenarioId, String planId, Plan plan, int scenarioEvents) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String id;
        int version;
        if (planId == null) {
            id = "p-" + HexFormat.of().formatHex(bytes());
            version = 1;
            jdbc.sql("INSERT INTO plan (id, organisation, scenario_id, latest_version, created_by, created_at) VALUES (?, ?, ?, 1, ?, ?)")
                .params(id, owner.organisation(), scenarioId, owner.username(), now).update();
        } else {
            id = planId;
            version = jdbc.sql("SELECT latest_version FROM plan WHERE id = ? FOR UPDATE").param(id).query(Integer.class).single() + 1;
            jdbc.sql("UPDATE plan SET latest_version = ? WHERE id = ?").params(version, id).update();
        }
        ObjectNode node = Json.mapper().valueToTree(plan);
        node.put("planId", id);
        node.put("version", version);
        String body = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        jdbc.sql("INSERT INTO plan_version (plan_id, version, job_id, coverage, created_by, created_at, body, scenario_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .params(id, version, jobId, plan.kpis() == null ? 0.0 : plan.kpis().coverage(), owner.username(), now, body, scenarioEvents).update();
        return new Saved(id, version);
    }

    /**
     * What a cached "current plan" must have been read under to still hold, or -1 while a version
     * write is open (read the database, cache nothing). Open writes are read before the generation:
     * a reader that finds none either ran before the write began or sees the generation it ended with.
     */
    public long cacheStamp() {
        if (writing.get() > 0) return -1;
        return generation.get();
    }

    public Optional<PlanInfo> find(String id) {
        return jdbc.sql("SELECT id, organisation, scenario_id, latest_version, created_by, created_at FROM plan WHERE id = ?")
                .param(id).query(PlanStore::info).optional();
    }

    /** Newest first; only {@code organisation}'s when non-null. */
    public List<PlanInfo> list(String organisation) {
        String where = organisation == null ? "" : " WHERE organisation = ?";
        var spec = jdbc.sql("SELECT id, organisation, scenario_id, latest_version, created_by, created_at FROM plan" + where + " ORDER BY created_at DESC, id");
        if (organisation != null) spec = spec.param(organisation);
        return spec.query(PlanStore::info).list();
    }

    public List<VersionInfo> versions(String planId) {
        return jdbc.sql("SELECT version, job_id, coverage, created_by, created_at, scenario_events FROM plan_version WHERE plan_id = ? ORDER BY version")
                .param(planId)
                .query((rs, n) -> new VersionInfo(rs.getInt(1), rs.getString(2), rs.getDouble(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getInt(6)))
                .list();
    }

    /** One version's plan JSON and scenario version. */
    public Optional<Stored> stored(String planId, int version) {
        return jdbc.sql("SELECT version, body, scenario_events FROM plan_version WHERE plan_id = ? AND version = ?").params(planId, version)
                .query((rs, n) -> new Stored(rs.getInt(1), rs.getString(2), rs.getInt(3))).optional();
    }

    /** The stored plan JSON of one version. */
    public Optional<String> body(String planId, int version) {
        return jdbc.sql("SELECT body FROM plan_version WHERE plan_id = ? AND version = ?").params(planId, version).query(String.class).optional();
    }

    /**
     * The newest version among the latest versions of plans owned by any of {@code organisations}:
     * what a team of one agency works from (its agency's plans and the coordination cell's).
     */
    public Optional<Current> current(List<String> organisations) {
        String in = String.join(", ", java.util.Collections.nCopies(organisations.size(), "?"));
        return jdbc.sql("SELECT p.id, p.latest_version, p.scenario_id FROM plan p JOIN plan_version v ON v.plan_id = p.id AND v.version = p.latest_version "
                        + "WHERE p.organisation IN (" + in + ") ORDER BY v.created_at DESC, p.id LIMIT 1")
                .params(organisations.toArray())
                .query((rs, n) -> new Current(rs.getString(1), rs.getInt(2), rs.getString(3))).optional();
    }

    /** A plan version and the scenario it was made for. */
    public record Current(String planId, int version, String scenario) {}

    private static PlanInfo info(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new PlanInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class));
    }

    private byte[] bytes() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }
}
