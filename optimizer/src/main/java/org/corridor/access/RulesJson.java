package org.corridor.access;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.corridor.plan.Json;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.JsonFields;
import org.corridor.scenario.Problem;
import org.corridor.scenario.ScenarioException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Access rules as JSON, both ways. A rule is an object with a {@code type} (the record's simple
 * name), its fields by record component name, a {@code provenance} and a {@code validity}:
 * <pre>{"type":"RoadClosed","id":"RC-1","road":"R12",
 *  "provenance":{"source":"...","reliability":"B","asOf":"2026-11-20"},
 *  "validity":{"fromDay":0,"toDay":30}}</pre>
 * {@code agency} is omitted (or null) for "every agency"; {@code validity} may be omitted for
 * "always". Reading checks every field and reports every problem at once, each located by a JSON
 * pointer such as {@code /3/validity/toDay}; unknown fields are errors, so a typo never silently
 * drops a restriction. Writing then reading gives the same rules. Stateless and thread-safe.
 */
public final class RulesJson {
    private RulesJson() {}

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** Largest rules file read, so a hostile upload cannot exhaust memory. */
    static final long MAX_BYTES = 16L << 20;

    /**
     * Reads a JSON array of rules.
     *
     * @param json   the text
     * @param source name used in problems (a file name, or e.g. {@code request})
     * @throws ScenarioException with every problem found; nothing is returned half-read
     */
    public static List<AccessRule> read(String json, String source) {
        return readLocated(json, source).stream().map(Located::rule).toList();
    }

    /** A rule and the 1-based line its object starts on, so later checks can point at it too. */
    public record Located(AccessRule rule, int line) {}

    /** Like {@link #read(String, String)}, keeping each rule's line. */
    public static List<Located> readLocated(String json, String source) {
        JsonNode root = parse(json, source);
        if (!root.isArray()) {
            throw new ScenarioException(List.of(new Problem(source, 1, "", "expected a JSON array of rules")));
        }
        int[] lines = elementLines(json, root.size());
        List<Problem> problems = new ArrayList<>();
        List<Located> rules = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            AccessRule r = new Reader(source, "/" + i, lines[i], problems).rule(root.get(i));
            if (r != null) rules.add(new Located(r, lines[i]));
        }
        if (!problems.isEmpty()) throw new ScenarioException(problems);
        return List.copyOf(rules);
    }

    /** Line on which each element of the (already parsed, so well-formed) top-level array starts; the events reader uses it too. */
    public static int[] elementLines(String json, int n) {
        int[] lines = new int[n];
        try (JsonParser p = Json.mapper().createParser(json)) {
            int depth = 0, i = 0;
            for (JsonToken t = p.nextToken(); t != null && i < n; t = p.nextToken()) {
                if (depth == 1 && !t.isStructEnd()) lines[i++] = Math.max(0, p.currentTokenLocation().getLineNr());
                if (t.isStructStart()) depth++;
                else if (t.isStructEnd()) depth--;
            }
        }
        return lines;
    }

    /** Reads one rule object (for a request that adds or changes one rule). */
    public static AccessRule readRule(String json, String source) {
        JsonNode root = parse(json, source);
        List<Problem> problems = new ArrayList<>();
        AccessRule r = new Reader(source, "", 1, problems).rule(root);
        if (!problems.isEmpty() || r == null) throw new ScenarioException(problems.isEmpty()
                ? List.of(new Problem(source, 0, "", "not a rule")) : problems);
        return r;
    }

    /** Reads a rules file; problems name the file, never its full path. */
    public static List<AccessRule> read(Path file) {
        String name = String.valueOf(file.getFileName());
        return read(readText(file, name), name);
    }

    /** Canonical JSON of the rules: fixed field order, two-space indent, a final newline. */
    public static String write(List<AccessRule> rules) {
        ArrayNode a = Json.mapper().createArrayNode();
        for (AccessRule r : rules) a.add(tree(r));
        return Json.write(a);
    }

    /** Canonical JSON of one rule. */
    public static String write(AccessRule rule) { return Json.write(tree(rule)); }

    /** Reads a small text file as strict UTF-8 (at most 16 MB), every failure a located problem; the scenario loader reads its files with it too. */
    public static String readText(Path file, String name) {
        try {
            if (!Files.isRegularFile(file)) throw problem(name, "file is missing");
            if (Files.size(file) > MAX_BYTES) throw problem(name, "file is larger than " + (MAX_BYTES >> 20) + " MB");
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw problem(name, "file is not valid UTF-8 text");
        } catch (IOException e) {
            throw problem(name, "file cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ScenarioException problem(String name, String message) {
        return new ScenarioException(List.of(new Problem(name, 0, "", message)));
    }

    /** Parses JSON strictly (duplicate keys rejected); every failure is one located problem. The events reader uses it too. */
    public static JsonNode parse(String json, String source) {
        if (json == null || json.isBlank()) throw problem(source, "empty input: expected JSON");
        try {
            return Json.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(json);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            String why = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().lines().findFirst().orElse("syntax error");
            throw new ScenarioException(List.of(new Problem(source, line, "", "invalid JSON"
                    + (col > 0 ? " at column " + col : "") + ": " + JsonFields.shorten(why))));
        }
    }

    private static ObjectNode tree(AccessRule rule) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("type", rule.getClass().getSimpleName());
        o.put("id", rule.id());
        rule.accept(new AccessRule.Visitor<Void>() {
            public Void roadClosed(AccessRule.RoadClosed r) { o.put("road", r.road()); return null; }
            public Void entryPointClosed(AccessRule.EntryPointClosed r) { o.put("entryPoint", r.entryPoint()); return null; }
            public Void areaDenied(AccessRule.AreaDenied r) { o.put("province", r.province()); agency(r.agency()); return null; }
            public Void permitRequired(AccessRule.PermitRequired r) {
                o.put("province", r.province()); agency(r.agency());
                o.put("delayDays", r.delayDays()); o.put("addedRisk", r.addedRisk()); return null;
            }
            public Void womenStaffBarred(AccessRule.WomenStaffBarred r) {
                o.put("province", r.province());
                ArrayNode ex = o.putArray("exemptAgencies");
                r.exemptAgencies().forEach(ex::add);
                return null;
            }
            public Void convoySizeLimit(AccessRule.ConvoySizeLimit r) { o.put("province", r.province()); o.put("maxTrucks", r.maxTrucks()); return null; }
            public Void commodityRestricted(AccessRule.CommodityRestricted r) { o.put("province", r.province()); o.put("commodity", r.commodity()); return null; }
            public Void escortImposed(AccessRule.EscortImposed r) {
                o.put("road", r.road()); o.put("addedRisk", r.addedRisk()); o.put("addedHours", r.addedHours()); return null;
            }
            public Void riskOverride(AccessRule.RiskOverride r) {
                if (r.road() != null) o.put("road", r.road()); else o.put("province", r.province());
                o.put("risk", r.risk()); return null;
            }
            private void agency(String a) { if (a != null) o.put("agency", a); }
        });
        ObjectNode p = o.putObject("provenance");
        p.put("source", rule.provenance().source());
        p.put("reliability", rule.provenance().reliability().name());
        p.put("asOf", rule.provenance().asOf().toString());
        ObjectNode v = o.putObject("validity");
        v.put("fromDay", rule.validity().fromDay());
        v.put("toDay", rule.validity().toDay());
        return o;
    }

    /** Fields each rule type takes besides type, id, provenance and validity. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "RoadClosed", Set.of("road"),
            "EntryPointClosed", Set.of("entryPoint"),
            "AreaDenied", Set.of("province", "agency"),
            "PermitRequired", Set.of("province", "agency", "delayDays", "addedRisk"),
            "WomenStaffBarred", Set.of("province", "exemptAgencies"),
            "ConvoySizeLimit", Set.of("province", "maxTrucks"),
            "CommodityRestricted", Set.of("province", "commodity"),
            "EscortImposed", Set.of("road", "addedRisk", "addedHours"),
            "RiskOverride", Set.of("road", "province", "risk"));

    /** Reads one rule, adding a located problem for every bad field; returns null if any. */
    private static final class Reader extends JsonFields {
        Reader(String source, String at, int line, List<Problem> problems) {
            super(source, at, line, problems);
        }

        AccessRule rule(JsonNode n) {
            if (n == null || !n.isObject()) { add("", "expected a rule object"); return null; }
            String type = string(n, "type", true);
            if (type == null) return null;
            Set<String> fields = FIELDS.get(type);
            if (fields == null) {
                add("/type", "unknown rule type; expected one of " + new TreeSet<>(FIELDS.keySet()));
                return null;
            }
            for (String name : n.propertyNames())
                if (!fields.contains(name) && !Set.of("type", "id", "provenance", "validity").contains(name))
                    add("/" + escape(name), "unknown field for " + type + " (allowed: " + new TreeSet<>(fields) + ")");
            String id = id(n, "id", true);
            AccessRule.Provenance provenance = provenance(n.get("provenance"));
            DayWindow validity = validity(n.get("validity"));
            AccessRule r = switch (type) {
                case "RoadClosed" -> build(() -> new AccessRule.RoadClosed(id, id(n, "road", true), provenance, validity));
                case "EntryPointClosed" -> build(() -> new AccessRule.EntryPointClosed(id, id(n, "entryPoint", true), provenance, validity));
                case "AreaDenied" -> build(() -> new AccessRule.AreaDenied(id, id(n, "province", true), id(n, "agency", false), provenance, validity));
                case "PermitRequired" -> build(() -> new AccessRule.PermitRequired(id, id(n, "province", true), id(n, "agency", false),
                        integer(n, "delayDays", 0, 365), risk(n, "addedRisk"), provenance, validity));
                case "WomenStaffBarred" -> build(() -> new AccessRule.WomenStaffBarred(id, id(n, "province", true), ids(n, "exemptAgencies"), provenance, validity));
                case "ConvoySizeLimit" -> build(() -> new AccessRule.ConvoySizeLimit(id, id(n, "province", true), integer(n, "maxTrucks", 1, 10_000), provenance, validity));
                case "CommodityRestricted" -> build(() -> new AccessRule.CommodityRestricted(id, id(n, "province", true), id(n, "commodity", true), provenance, validity));
                case "EscortImposed" -> build(() -> new AccessRule.EscortImposed(id, id(n, "road", true), risk(n, "addedRisk"),
                        number(n, "addedHours", 0, 240), provenance, validity));
                default -> riskOverride(n, id, provenance, validity);
            };
            return clean() ? r : null;
        }

        private AccessRule riskOverride(JsonNode n, String id, AccessRule.Provenance provenance, DayWindow validity) {
            String road = id(n, "road", false), province = id(n, "province", false);
            boolean hasRoad = n.hasNonNull("road"), hasProvince = n.hasNonNull("province");
            if (hasRoad == hasProvince) add("", "RiskOverride needs exactly one of road or province");
            double risk = risk(n, "risk");
            return build(() -> new AccessRule.RiskOverride(id, road, province, risk, provenance, validity));
        }

        /**
         * Reads the fields (inside {@code make}) and runs the record constructor. The constructor is the
         * last line of defence: its message is reported only when every field read cleanly, so one bad
         * field gives one problem.
         */
        private AccessRule build(java.util.function.Supplier<AccessRule> make) {
            try {
                AccessRule r = make.get();
                return clean() ? r : null;
            } catch (IllegalArgumentException | NullPointerException e) {
                if (clean()) add("", String.valueOf(e.getMessage()));
                return null;
            }
        }

        private AccessRule.Provenance provenance(JsonNode p) {
            if (p == null || p.isNull()) { add("/provenance", "provenance is required: {source, reliability A/B/C/E, asOf yyyy-mm-dd}"); return null; }
            if (!p.isObject()) { add("/provenance", "expected an object {source, reliability, asOf}"); return null; }
            for (String name : p.propertyNames())
                if (!Set.of("source", "reliability", "asOf").contains(name)) add("/provenance/" + escape(name), "unknown field (allowed: asOf, reliability, source)");
            Reader sub = new Reader(source, at + "/provenance", line, problems);
            String src = sub.string(p, "source", true);
            if (src != null && src.isBlank()) sub.add("/source", "source must not be blank");
            String rel = sub.string(p, "reliability", true);
            AccessRule.Reliability reliability = null;
            if (rel != null) {
                try { reliability = AccessRule.Reliability.valueOf(rel); }
                catch (IllegalArgumentException e) { sub.add("/reliability", "reliability must be A, B, C or E"); }
            }
            String asOfText = sub.string(p, "asOf", true);
            LocalDate asOf = null;
            if (asOfText != null) {
                try { asOf = LocalDate.parse(asOfText); }
                catch (DateTimeParseException e) { sub.add("/asOf", "asOf must be a date yyyy-mm-dd"); }
            }
            if (src == null || src.isBlank() || reliability == null || asOf == null) return null;
            return new AccessRule.Provenance(src, reliability, asOf);
        }

        private DayWindow validity(JsonNode v) {
            if (v == null || v.isNull()) return DayWindow.ALWAYS;
            if (!v.isObject()) { add("/validity", "expected an object {fromDay, toDay}"); return null; }
            for (String name : v.propertyNames())
                if (!Set.of("fromDay", "toDay").contains(name)) add("/validity/" + escape(name), "unknown field (allowed: fromDay, toDay)");
            Reader sub = new Reader(source, at + "/validity", line, problems);
            int from = sub.integer(v, "fromDay", 0, 3650), to = sub.integer(v, "toDay", 0, 3650);
            if (!sub.clean()) return null;
            if (to < from) { sub.add("/toDay", "toDay " + to + " is before fromDay " + from); return null; }
            return new DayWindow(from, to);
        }

        String id(JsonNode n, String field, boolean required) {
            String s = string(n, field, required);
            if (s != null && !ID.matcher(s).matches()) {
                add("/" + field, field + " must be 1-64 letters, digits or _.:-");
                return null;
            }
            return s;
        }

        Set<String> ids(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) return Set.of();
            if (!v.isArray()) { add("/" + field, field + " must be an array of agency ids"); return Set.of(); }
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                if (!e.isString() || !ID.matcher(e.stringValue()).matches()) add("/" + field + "/" + i, "expected an agency id");
                else if (!out.add(e.stringValue())) add("/" + field + "/" + i, "agency " + e.stringValue() + " is listed twice");
            }
            return out;
        }

        double number(JsonNode n, String field, double min, double max) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) { add("/" + field, field + " is required"); return Double.NaN; }
            if (!v.isNumber()) { add("/" + field, field + " must be a number"); return Double.NaN; }
            double d = v.doubleValue();
            if (!Double.isFinite(d) || d < min || d > max) { add("/" + field, field + " must be in [" + fmt(min) + ", " + fmt(max) + "]"); return Double.NaN; }
            return d;
        }

        double risk(JsonNode n, String field) {
            double d = number(n, field, 0, 1);
            if (d == 1) { add("/" + field, field + " must be below 1 (a road that loses everything is a closed road)"); return Double.NaN; }
            return d;
        }

        int integer(JsonNode n, String field, int min, int max) {
            double d = number(n, field, min, max);
            if (Double.isNaN(d)) return min;
            if (d != Math.rint(d)) { add("/" + field, field + " must be a whole number (got " + d + ")"); return min; }
            return (int) d;
        }

        private static String fmt(double d) { return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d); }
    }
}
