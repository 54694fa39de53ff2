package org.corridor.api.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.corridor.api.security.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit trail: who changed what (uploads, solves, cancellations) and who read which dispatch.
 * Written in the caller's transaction where there is one, so a change and its record commit
 * together. Details are ids and counts only, never coordinates or route contents.
 */
@Repository
public class AuditLog {
    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Caller who, String action, String objectType, String objectId, String detail) {
        jdbc.sql("INSERT INTO audit_event (at, username, organisation, role, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .params(OffsetDateTime.now(ZoneOffset.UTC), who.username(), who.organisation(), who.role().name(), action, objectType,
                    cut(objectId, 160), cut(detail, 500))
            .update();
    }

    /**
     * Events newest first, at most {@code limit}, with ids below {@code beforeId} (null = from the newest);
     * only {@code organisation}'s when it is non-null.
     */
    public List<Event> read(String organisation, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, username, organisation, role, action, object_type, object_id, detail FROM audit_event WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        if (organisation != null) { sql.append(" AND organisation = ?"); params.add(organisation); }
        if (beforeId != null) { sql.append(" AND id < ?"); params.add(beforeId); }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Event(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)))
                .list();
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }

    /** One audited action. */
    public record Event(long id, OffsetDateTime at, String username, String organisation, String role, String action,
                        String objectType, String objectId, String detail) {}
}
