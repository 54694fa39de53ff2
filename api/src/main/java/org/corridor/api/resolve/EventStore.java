package org.corridor.api.resolve;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.corridor.api.security.Caller;
import org.corridor.plan.Json;
import org.corridor.resolve.Event;
import org.corridor.resolve.EventsJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/**
 * Each organisation's append-only history of change events on a scenario (table
 * {@code scenario_event}). Rows are only ever inserted; their order ({@code seq}) is the order the
 * events apply in, so the first n of them rebuild scenario version n.
 */
@Repository
public class EventStore {
    private final JdbcClient jdbc;

    public EventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One recorded event as clients read it.
     *
     * @param seq        1-based position in its organisation's history on the scenario
     * @param recordedBy the authenticated user who recorded it (also its provenance "who")
     * @param plan       the plan it was posted to
     * @param event      the event in the events JSON format
     */
    public record Recorded(String scenario, String organisation, int seq, String eventId, String type, String recordedBy,
                           String source, String reliability, OffsetDateTime asOf, String plan, OffsetDateTime recordedAt, JsonNode event) {}

    /** The events of {@code organisation}'s history on {@code scenario}, in order. */
    public List<Event> history(String scenario, String organisation) {
        List<String> bodies = jdbc.sql("SELECT body FROM scenario_event WHERE scenario_id = ? AND organisation = ? ORDER BY seq")
                .params(scenario, organisation).query(String.class).list();
        if (bodies.isEmpty()) return List.of();
        // stored bodies were written by EventsJson.write from validated events, so they read back unchanged
        return EventsJson.read("[" + String.join(",", bodies) + "]", "stored events");
    }

    /**
     * Takes the scenario's row lock for the rest of the transaction, so histories on it grow one
     * request at a time (also across service instances sharing the database).
     */
    void lock(String scenario) {
        jdbc.sql("SELECT id FROM scenario WHERE id = ? FOR UPDATE").param(scenario).query(String.class).list();
    }

    /** Appends {@code events} to the caller's organisation's history; call in a transaction, after {@link #lock}. */
    void append(Caller caller, String scenario, String plan, List<Event> events, int seqBefore) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int seq = seqBefore;
        for (Event e : events) {
            String body = EventsJson.write(List.of(e));
            JsonNode one = Json.mapper().readTree(body).get(0);
            jdbc.sql("INSERT INTO scenario_event (scenario_id, organisation, seq, event_id, event_type, recorded_by, source, reliability, as_of, "
                     + "plan_id, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(scenario, caller.organisation(), ++seq, e.id(), e.getClass().getSimpleName(), caller.username(),
                        e.provenance().source(), e.provenance().reliability().name(), e.provenance().asOf().atOffset(ZoneOffset.UTC),
                        plan, now, compact(one))
                .update();
        }
    }

    /** Recorded events on {@code scenario}, by organisation then order; only {@code organisation}'s when non-null. */
    public List<Recorded> list(String scenario, String organisation) {
        StringBuilder sql = new StringBuilder("SELECT scenario_id, organisation, seq, event_id, event_type, recorded_by, source, reliability, as_of, "
                + "plan_id, recorded_at, body FROM scenario_event WHERE scenario_id = ?");
        List<Object> params = new ArrayList<>(List.of(scenario));
        if (organisation != null) { sql.append(" AND organisation = ?"); params.add(organisation); }
        sql.append(" ORDER BY organisation, seq");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Recorded(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class), rs.getString(10),
                        rs.getObject(11, OffsetDateTime.class), Json.mapper().readTree(rs.getString(12))))
                .list();
    }

    private static String compact(JsonNode node) {
        return Json.mapper().writer().without(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }
}
