package org.corridor.api.explain;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Analyses of plan versions, one row per job, as the optimizer wrote them; insert-only. */
@Repository
class AnalysisStore {
    private final JdbcClient jdbc;

    AnalysisStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One stored analysis: the job that computed it and its JSON. */
    record Analysis(String job, String createdBy, OffsetDateTime createdAt, String body) {}

    /** Call in the transaction that marks job {@code jobId} SUCCEEDED. */
    void insert(String jobId, String planId, int version, AnalysisService.Kind kind, String createdBy, String body) {
        jdbc.sql("INSERT INTO plan_analysis (job_id, plan_id, version, kind, created_by, created_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .params(jobId, planId, version, kind.name(), createdBy, OffsetDateTime.now(ZoneOffset.UTC), body).update();
    }

    /** The newest analysis of {@code kind} of a version. */
    Optional<Analysis> newest(String planId, int version, AnalysisService.Kind kind) {
        return jdbc.sql("SELECT job_id, created_by, created_at, body FROM plan_analysis WHERE plan_id = ? AND version = ? AND kind = ? "
                        + "ORDER BY created_at DESC, job_id DESC LIMIT 1")
                .params(planId, version, kind.name()).query(AnalysisStore::row).optional();
    }

    /** The analysis job {@code jobId} stored, if it is of {@code kind} and about that version. */
    Optional<Analysis> byJob(String jobId, String planId, int version, AnalysisService.Kind kind) {
        return jdbc.sql("SELECT job_id, created_by, created_at, body FROM plan_analysis WHERE job_id = ? AND plan_id = ? AND version = ? AND kind = ?")
                .params(jobId, planId, version, kind.name()).query(AnalysisStore::row).optional();
    }

    private static Analysis row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Analysis(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getString(4));
    }
}
