package org.corridor.api.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Jobs in the database: every state change is written before it is reported. */
@Repository
class JobRepository {
    private static final String COLUMNS = "id, organisation, created_by, scenario_id, status, stage, progress, error, "
            + "COALESCE(result_plan_id, plan_id), result_version, created_at, started_at, finished_at, kind";
    private final JdbcClient jdbc;

    JobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String id, String kind, String organisation, String createdBy, String scenario, String planId, String optionsJson) {
        jdbc.sql("INSERT INTO job (id, kind, organisation, created_by, scenario_id, plan_id, options, status, progress, created_at) "
                 + "VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?)")
            .params(id, kind, organisation, createdBy, scenario, planId, optionsJson, now()).update();
    }

    Optional<Job> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM job WHERE id = ?").param(id).query(JobRepository::row).optional();
    }

    /** Newest first; only {@code organisation}'s when non-null. */
    List<Job> list(String organisation, int limit) {
        String where = organisation == null ? "" : " WHERE organisation = ?";
        var spec = jdbc.sql("SELECT " + COLUMNS + " FROM job" + where + " ORDER BY created_at DESC, id LIMIT " + limit);
        if (organisation != null) spec = spec.param(organisation);
        return spec.query(JobRepository::row).list();
    }

    void running(String id) {
        jdbc.sql("UPDATE job SET status = 'RUNNING', started_at = ? WHERE id = ? AND status = 'QUEUED'").params(now(), id).update();
    }

    void progress(String id, String stage, double fraction) {
        jdbc.sql("UPDATE job SET stage = ?, progress = ? WHERE id = ? AND status = 'RUNNING'")
            .params(stage.length() > 32 ? stage.substring(0, 32) : stage, Math.max(0, Math.min(1, fraction)), id).update();
    }

    void succeeded(String id, String planId, int version) {
        jdbc.sql("UPDATE job SET status = 'SUCCEEDED', stage = 'done', progress = 1, result_plan_id = ?, result_version = ?, finished_at = ? WHERE id = ?")
            .params(planId, version, now(), id).update();
    }

    void finished(String id, Job.Status status, String error) {
        jdbc.sql("UPDATE job SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
            .params(status.name(), error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error, now(), id).update();
    }

    /** Jobs left QUEUED or RUNNING by a process that stopped: they will never finish, so say so. */
    int failInterrupted(String reason) {
        return jdbc.sql("UPDATE job SET status = 'FAILED', error = ?, finished_at = ? WHERE status IN ('QUEUED', 'RUNNING')")
                .params(reason, now()).update();
    }

    String options(String id) {
        return jdbc.sql("SELECT options FROM job WHERE id = ?").param(id).query(String.class).single();
    }

    private static Job row(ResultSet rs, int n) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Job.Status.valueOf(rs.getString(5)),
                rs.getString(6), rs.getDouble(7), rs.getString(8), false, rs.getString(9), (Integer) rs.getObject(10, Integer.class),
                rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class), rs.getString(14));
    }

    private static OffsetDateTime now() { return OffsetDateTime.now(ZoneOffset.UTC); }
}
