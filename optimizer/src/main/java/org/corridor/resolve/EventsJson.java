package org.corridor.resolve;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.corridor.access.AccessRule;
import org.corridor.access.RulesJson;
import org.corridor.plan.Json;
import org.corridor.scenario.JsonFields;
import org.corridor.scenario.Problem;
import org.corridor.scenario.ScenarioException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events as JSON: a JSON array of event objects, each {@code {"type", "id", "provenance": {"who",
 * "source", "reliability", "asOf"}, ...fields}}, rules inside in the rules file's own format.
 * Reading reports every problem at once, each located by line and JSON pointer; nothing is
 * returned half-read. Writing is canonical (fixed field order), so a log round-trips byte for byte.
 * Thread-safe.
 */
public final class EventsJson {
    private EventsJson() {}

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "RuleAdded", Set.of("rule"),
            "RuleLifted", Set.of("ruleId"),
            "RuleModified", Set.of("rule"),
            "RoadChanged", Set.of("road", "baseRisk", "capacityTpd"),
            "StockChanged", Set.of("agency", "location", "commodity", "availableFromDay", "tonnes"),
            "NeedChanged", Set.of("location", "commodity", "tonnes"));

    /**
     * Reads a JSON array of events.
     *
     * @param source name used in problems (a file name, or e.g. {@code request})
     * @throws ScenarioException with every problem found
     */
    public static List<Event> read(String json, String source) {
        JsonNode root = RulesJson.parse(json, source);
        if (!root.isArray()) throw new ScenarioException(List.of(new Problem(source, 1, "", "expected a JSON array of events")));
        int[] lines = RulesJson.elementLines(json, root.size());
        List<Problem> problems = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            Event e = new Reader(source, "/" + i, lines[i], problems).event(root.get(i));
            if (e == null) continue;
            if (!ids.add(e.id())) problems.add(new Problem(source, lines[i], "/" + i + "/id", "duplicate event id " + e.id()));
            else events.add(e);
        }
        if (!problems.isEmpty()) throw new ScenarioException(problems);
        return List.copyOf(events);
    }

    /** Reads an events file; problems name the file, never its full path. */
    public static List<Event> read(Path file) {
        String name = String.valueOf(file.getFileName());
        return read(RulesJson.readText(file, name), name);
    }

    /** Canonical JSON of the events: fixed field order, two-space indent, a final newline. */
    public static String write(List<Event> events) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (Event e : events) a.add(tree(e));
        return Json.write(a);
    }

    private static ObjectNode tree(Event event) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("type", event.getClass().getSimpleName());
        o.put("id", event.id());
        ObjectNode p = o.putObject("provenance");
        p.put("who", event.provenance().who());
        p.put("source", event.provenance().source());
        p.put("reliability", event.provenance().reliability().name());
        p.put("asOf", event.provenance().asOf().toString());
        event.accept(new Event.Visitor<Void>() {
            public Void ruleAdded(Event.RuleAdded e) { o.set("rule", rule(e.rule())); return null; }
            public Void ruleLifted(Event.RuleLifted e) { o.put("ruleId", e.ruleId()); return null; }
            public Void ruleModified(Event.RuleModified e) { o.set("rule", rule(e.rule())); return null; }
            public Void roadChanged(Event.RoadChanged e) {
                o.put("road", e.road());
                if (e.baseRisk() != null) o.put("baseRisk", e.baseRisk());
                if (e.capacityTpd() != null) o.put("capacityTpd", e.capacityTpd());
                return null;
            }
            public Void stockChanged(Event.StockChanged e) {
                o.put("agency", e.agency());
                o.put("location", e.location());
                o.put("commodity", e.commodity());
                o.put("availableFromDay", e.availableFromDay());
                o.put("tonnes", e.tonnes());
                return null;
            }
            public Void needChanged(Event.NeedChanged e) {
                o.put("location", e.location());
                o.put("commodity", e.commodity());
                o.put("tonnes", e.tonnes());
                return null;
            }
        });
        return o;
    }

    private static JsonNode rule(AccessRule r) { return Json.mapper().readTree(RulesJson.write(r)); }

    /** Reads one event, adding a located problem for every bad field; returns null if any. */
    private static final class Reader extends JsonFields {
        Reader(String source, String at, int line, List<Problem> problems) {
            super(source, at, line, problems);
        }

        Event event(JsonNode n) {
            if (n == null || !n.isObject()) { add("", "expected an event object"); return null; }
            String type = string(n, "type", true);
            if (type == null) return null;
            Set<String> fields = FIELDS.get(type);
            if (fields == null) {
                add("/type", "unknown event type; expected one of " + new TreeSet<>(FIELDS.keySet()));
                return null;
            }
            for (String name : n.propertyNames())
                if (!fields.contains(name) && !Set.of("type", "id", "provenance").contains(name))
                    add("/" + escape(name), "unknown field for " + type + " (allowed: " + new TreeSet<>(fields) + ")");
            String id = string(n, "id", true);
            Event.Provenance provenance = provenance(n.get("provenance"));
            java.util.function.Supplier<Event> make = switch (type) {
                case "RuleAdded" -> { AccessRule r = rule(n); yield () -> new Event.RuleAdded(id, provenance, r); }
                case "RuleModified" -> { AccessRule r = rule(n); yield () -> new Event.RuleModified(id, provenance, r); }
                case "RuleLifted" -> { String ruleId = string(n, "ruleId", true); yield () -> new Event.RuleLifted(id, provenance, ruleId); }
                case "RoadChanged" -> {
                    String road = string(n, "road", true);
                    Double risk = n.has("baseRisk") ? number(n, "baseRisk") : null;
                    Double cap = n.has("capacityTpd") ? number(n, "capacityTpd") : null;
                    yield () -> new Event.RoadChanged(id, provenance, road, risk, cap);
                }
                case "StockChanged" -> {
                    String agency = string(n, "agency", true), location = string(n, "location", true), commodity = string(n, "commodity", true);
                    Double day = number(n, "availableFromDay"), tonnes = number(n, "tonnes");
                    if (day != null && (day != Math.rint(day) || day < 0 || day > 3650)) add("/availableFromDay", "availableFromDay must be a whole number of days 0..3650");
                    yield () -> new Event.StockChanged(id, provenance, agency, location, commodity, day.intValue(), tonnes);
                }
                default -> {
                    String location = string(n, "location", true), commodity = string(n, "commodity", true);
                    Double tonnes = number(n, "tonnes");
                    yield () -> new Event.NeedChanged(id, provenance, location, commodity, tonnes);
                }
            };
            if (!clean()) return null;
            try {
                return make.get();
            } catch (IllegalArgumentException | NullPointerException e) {
                add("", String.valueOf(e.getMessage()));
                return null;
            }
        }

        /** The embedded rule, read by the rules reader; its problems are re-located inside this event. */
        private AccessRule rule(JsonNode n) {
            JsonNode r = n.get("rule");
            if (r == null || r.isNull()) { add("/rule", "rule is required (an access rule object as in rules.json)"); return null; }
            try {
                return RulesJson.readRule(r.toString(), source);
            } catch (ScenarioException e) {
                for (Problem p : e.problems()) problems.add(new Problem(source, line, at + "/rule" + p.field(), p.message()));
                return null;
            }
        }

        private Event.Provenance provenance(JsonNode p) {
            if (p == null || p.isNull()) { add("/provenance", "provenance is required: {who, source, reliability A/B/C/E, asOf ISO instant}"); return null; }
            if (!p.isObject()) { add("/provenance", "expected an object {who, source, reliability, asOf}"); return null; }
            for (String name : p.propertyNames())
                if (!Set.of("who", "source", "reliability", "asOf").contains(name)) add("/provenance/" + escape(name), "unknown field (allowed: asOf, reliability, source, who)");
            Reader sub = new Reader(source, at + "/provenance", line, problems);
            String who = sub.string(p, "who", true), src = sub.string(p, "source", true);
            if (who != null && who.isBlank()) sub.add("/who", "who must not be blank");
            if (src != null && src.isBlank()) sub.add("/source", "source must not be blank");
            String rel = sub.string(p, "reliability", true);
            AccessRule.Reliability reliability = null;
            if (rel != null) {
                try { reliability = AccessRule.Reliability.valueOf(rel); }
                catch (IllegalArgumentException e) { sub.add("/reliability", "reliability must be A, B, C or E"); }
            }
            String asOfText = sub.string(p, "asOf", true);
            Instant asOf = null;
            if (asOfText != null) {
                try { asOf = Instant.parse(asOfText); }
                catch (DateTimeParseException e) { sub.add("/asOf", "asOf must be an ISO-8601 instant such as 2026-11-28T06:00:00Z"); }
            }
            if (!sub.clean()) return null;
            return new Event.Provenance(who, src, reliability, asOf);
        }

        Double number(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) { add("/" + field, field + " is required"); return null; }
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) { add("/" + field, field + " must be a finite number"); return null; }
            return v.doubleValue();
        }
    }
}
