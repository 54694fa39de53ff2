package org.corridor.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.corridor.access.AccessRule;
import org.corridor.access.RulesJson;
import org.corridor.plan.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a scenario folder and validates all of it before anything is built: every row of every file,
 * then every cross-reference, then the road graph. All problems are reported at once, each with its
 * file, 1-based line and column; a folder with any problem yields no scenario at all.
 *
 * <p>Files (CSV with a header row; lines starting with {@code #} are comments; extra columns, such as
 * the provenance columns of the reference data, are kept in the files and ignored here):
 * <ul>
 * <li>{@code provinces.csv}: pcode, name, lat, lon, population, region</li>
 * <li>{@code entry_points.csv}: id, name, type (border_crossing | airport), province_pcode, lat, lon</li>
 * <li>{@code places.csv} (optional): id, name, kind (DISTRICT_CENTRE | WAREHOUSE), province_pcode, lat, lon, population</li>
 * <li>{@code roads.csv}: id, from_id, to_id, km, hours, capacity_tpd, base_risk, checkpoints,
 *     closures ({@code from-to} scenario days, {@code ;}-separated, may be empty); optional road (name),
 *     directed (true | false)</li>
 * <li>{@code agencies.csv}: id, name, type (UN | INGO | NNGO | RCRC), women_staff_provinces (P-codes, {@code ;}-separated)</li>
 * <li>{@code fleet.csv}: agency, vehicle_type, payload_t, count, base</li>
 * <li>{@code commodities.csv}: id, name, priority (1..9), needs_women_staff, shelf_life_days, cold_chain</li>
 * <li>{@code stocks.csv}: agency, location, commodity, tonnes, available_from_day</li>
 * <li>{@code needs.csv}: location, commodity, tonnes, phase (3..5), latest_day, people</li>
 * <li>{@code scenario.json} (optional): {@code {"name", "startDate", "defaultHorizonDays", "illustrative"}}</li>
 * <li>{@code rules.json} (optional): access rules, see {@link RulesJson}</li>
 * </ul>
 * Messages never contain coordinates or stack traces. Stateless and thread-safe.
 */
public final class ScenarioLoader {
    private ScenarioLoader() {}

    /** Loads {@code dir}, with the rules in {@code dir/rules.json} when that file exists (none otherwise). */
    public static Scenario load(Path dir) {
        Path rules = dir.resolve("rules.json");
        return load(dir, Files.exists(rules) ? rules : null);
    }

    /**
     * Loads {@code dir} with the rules of {@code rulesFile} ({@code null} = no rules).
     *
     * @throws ScenarioException listing every problem found in every file
     */
    public static Scenario load(Path dir, Path rulesFile) {
        return new Reading(dir).scenario(rulesFile);
    }

    /**
     * The default planning horizon in days that {@code dir/scenario.json} declares, or {@code empty} when
     * the folder has no scenario.json.
     *
     * @throws ScenarioException when scenario.json is present but broken
     */
    public static java.util.OptionalInt defaultHorizonDays(Path dir) {
        Reading r = new Reading(dir);
        Meta m = r.meta();
        if (!r.problems.isEmpty()) throw new ScenarioException(r.problems);
        return m.horizon == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(m.horizon);
    }

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,4})?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,4})-(\\d{1,4})");

    /** Scenario-level facts from scenario.json. */
    private record Meta(String name, LocalDate start, int horizon) {}

    /** One load: the problems found so far, where each record came from, ids of rows that could not be read. */
    private static final class Reading {
        private final Path dir;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<Object, Integer> lines = new IdentityHashMap<>();
        private final Set<String> unreadable = new HashSet<>();
        /** First fleet.csv line of each agency named there, to report vehicles of an unknown agency. */
        private final Map<String, Integer> fleetLines = new LinkedHashMap<>();

        Reading(Path dir) { this.dir = dir; }

        Scenario scenario(Path rulesFile) {
            if (dir == null || !Files.isDirectory(dir)) {
                throw new ScenarioException(List.of(new Problem(dir == null ? "" : String.valueOf(dir.getFileName()), 0, "", "scenario folder is missing")));
            }
            Meta meta = meta();
            List<Location> provinces = provinces();
            List<Location> locations = new ArrayList<>(provinces);
            locations.addAll(entryPoints(provinces));
            if (Files.exists(dir.resolve("places.csv"))) locations.addAll(places(provinces));
            List<Road> roads = roads();
            List<Commodity> commodities = commodities();
            List<Agency> agencies = agencies(fleet());
            List<Stock> stocks = stocks();
            List<Need> needs = needs();
            List<AccessRule> rules = rules(rulesFile);
            boolean rowsClean = problems.isEmpty();
            String rulesName = rulesFile == null ? "rules.json" : String.valueOf(rulesFile.getFileName());
            for (Problem p : Scenario.Validation.crossReferences(locations, roads, agencies, commodities, stocks, needs, rules,
                    item -> lines.getOrDefault(item, 0), unreadable))
                problems.add(p.file().equals("rules.json") ? new Problem(rulesName, p.line(), p.field(), p.message()) : p);
            if (rowsClean && problems.isEmpty()) graph(locations, roads, stocks, needs);
            if (!problems.isEmpty()) throw new ScenarioException(problems);
            return new Scenario(meta.name, meta.start, locations, roads, agencies, commodities, stocks, needs, rules);
        }

        Meta meta() {
            String fallback = dir.toAbsolutePath().normalize().getFileName() == null ? "scenario" : dir.toAbsolutePath().normalize().getFileName().toString();
            Path file = dir.resolve("scenario.json");
            if (!Files.exists(file)) return new Meta(fallback, null, 0);
            String f = "scenario.json";
            JsonNode n;
            try {
                n = Json.mapper().readTree(RulesJson.readText(file, f));
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
                return new Meta(fallback, null, 0);
            } catch (JacksonException e) {
                problems.add(new Problem(f, e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr()), "", "invalid JSON"));
                return new Meta(fallback, null, 0);
            }
            if (!n.isObject()) {
                problems.add(new Problem(f, 0, "", "expected an object {name, startDate, defaultHorizonDays, illustrative}"));
                return new Meta(fallback, null, 0);
            }
            for (String k : n.propertyNames())
                if (!Set.of("name", "startDate", "defaultHorizonDays", "illustrative").contains(k))
                    problems.add(new Problem(f, 0, "/" + k, "unknown field (allowed: defaultHorizonDays, illustrative, name, startDate)"));
            String name = fallback;
            JsonNode v = n.get("name");
            if (v != null && (!v.isString() || v.stringValue().isBlank() || v.stringValue().length() > 200)) problems.add(new Problem(f, 0, "/name", "name must be a non-blank string of at most 200 characters"));
            else if (v != null) name = v.stringValue();
            LocalDate start = null;
            v = n.get("startDate");
            if (v != null) {
                try {
                    start = LocalDate.parse(v.isString() ? v.stringValue() : "?");
                } catch (DateTimeParseException e) {
                    problems.add(new Problem(f, 0, "/startDate", "startDate must be a date yyyy-mm-dd"));
                }
            }
            int horizon = 0;
            v = n.get("defaultHorizonDays");
            if (v != null) {
                if (v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 1 && v.intValue() <= 365) horizon = v.intValue();
                else problems.add(new Problem(f, 0, "/defaultHorizonDays", "defaultHorizonDays must be a whole number of days in 1..365"));
            }
            v = n.get("illustrative");
            if (v != null && !v.isString()) problems.add(new Problem(f, 0, "/illustrative", "illustrative must be a string (a note on what is illustrative)"));
            return new Meta(name, start, horizon);
        }

        private List<Location> provinces() {
            List<Location> out = new ArrayList<>();
            for (Row r : table("provinces.csv", "pcode", "name", "lat", "lon", "population", "region")) {
                String id = r.id("pcode");
                Location l = r.make(() -> new Location(id, r.text("name"), Location.Kind.PROVINCE_CENTRE, id, r.required("region"),
                        r.number("lat", -90, 90), r.number("lon", -180, 180), r.whole("population", 0, 2_000_000_000L)), id);
                add(out, l, r);
            }
            return out;
        }

        /** Border crossings and airports; they take their province's region. */
        private List<Location> entryPoints(List<Location> provinces) {
            Map<String, String> region = regions(provinces);
            List<Location> out = new ArrayList<>();
            for (Row r : table("entry_points.csv", "id", "name", "type", "province_pcode", "lat", "lon")) {
                String id = r.id("id");
                String type = r.required("type");
                Location.Kind kind = "border_crossing".equals(type) ? Location.Kind.BORDER_CROSSING : "airport".equals(type) ? Location.Kind.AIRPORT : null;
                if (type != null && kind == null) r.problem("type", "type must be border_crossing or airport (got '" + Checks.shorten(type) + "')");
                String province = r.id("province_pcode");
                if (province != null && !region.containsKey(province) && !unreadable.contains(province))
                    r.problem("province_pcode", "unknown province " + province);
                Location l = r.make(() -> new Location(id, r.text("name"), kind, province, region.getOrDefault(province, ""),
                        r.number("lat", -90, 90), r.number("lon", -180, 180), 0), id);
                add(out, l, r);
            }
            return out;
        }

        /** District centres and warehouses; they take their province's region. */
        private List<Location> places(List<Location> provinces) {
            Map<String, String> region = regions(provinces);
            List<Location> out = new ArrayList<>();
            for (Row r : table("places.csv", "id", "name", "kind", "province_pcode", "lat", "lon", "population")) {
                String id = r.id("id");
                String kindText = r.required("kind");
                Location.Kind kind = "DISTRICT_CENTRE".equals(kindText) ? Location.Kind.DISTRICT_CENTRE : "WAREHOUSE".equals(kindText) ? Location.Kind.WAREHOUSE : null;
                if (kindText != null && kind == null) r.problem("kind", "kind must be DISTRICT_CENTRE or WAREHOUSE (got '" + Checks.shorten(kindText) + "')");
                String province = r.id("province_pcode");
                if (province != null && !region.containsKey(province) && !unreadable.contains(province))
                    r.problem("province_pcode", "unknown province " + province);
                Location l = r.make(() -> new Location(id, r.text("name"), kind, province, region.getOrDefault(province, ""),
                        r.number("lat", -90, 90), r.number("lon", -180, 180), r.whole("population", 0, 2_000_000_000L)), id);
                add(out, l, r);
            }
            return out;
        }

        private static Map<String, String> regions(List<Location> provinces) {
            Map<String, String> region = new HashMap<>();
            provinces.forEach(l -> region.put(l.id(), l.region()));
            return region;
        }

        private List<Road> roads() {
            List<Road> out = new ArrayList<>();
            for (Row r : table("roads.csv", "id", "from_id", "to_id", "km", "hours", "capacity_tpd", "base_risk", "checkpoints", "closures")) {
                String id = r.id("id");
                Road road = r.make(() -> {
                    String from = r.id("from_id"), to = r.id("to_id");
                    if (from != null && from.equals(to)) r.problem("to_id", "road must join two different locations");
                    return new Road(id, from, to, r.positive("km", 100_000), r.positive("hours", 10_000),
                            r.number("capacity_tpd", 0, 1e9), r.risk("base_risk"), (int) r.whole("checkpoints", 0, 10_000),
                            r.bool("directed", false), r.windows("closures"), r.text("road"));
                }, id);
                add(out, road, r);
            }
            return out;
        }

        private List<Commodity> commodities() {
            List<Commodity> out = new ArrayList<>();
            for (Row r : table("commodities.csv", "id", "name", "priority", "needs_women_staff", "shelf_life_days", "cold_chain")) {
                String id = r.id("id");
                Commodity c = r.make(() -> new Commodity(id, r.text("name"), (int) r.whole("priority", 1, 9), r.bool("needs_women_staff", null),
                        (int) r.whole("shelf_life_days", 0, 3650), r.bool("cold_chain", null)), id);
                add(out, c, r);
            }
            return out;
        }

        /** Vehicles by agency id, in file order; each vehicle remembers its line. */
        private Map<String, List<Agency.Vehicle>> fleet() {
            Map<String, List<Agency.Vehicle>> out = new LinkedHashMap<>();
            Map<String, Integer> firstLine = new HashMap<>();
            for (Row r : table("fleet.csv", "agency", "vehicle_type", "payload_t", "count", "base")) {
                String agency = r.id("agency");
                Agency.Vehicle v = r.make(() -> new Agency.Vehicle(r.id("vehicle_type"), r.positive("payload_t", 1000),
                        (int) r.whole("count", 0, 100_000), r.id("base")), null);
                if (v == null) continue;
                Integer dup = firstLine.putIfAbsent(agency + "|" + v.type() + "|" + v.base(), r.line);
                if (dup != null) { r.problem("", "duplicate vehicles " + v.type() + " of " + agency + " at " + v.base() + " (first on line " + dup + "; merge the rows)"); continue; }
                lines.put(v, r.line);
                out.computeIfAbsent(agency, k -> new ArrayList<>()).add(v);
                fleetLines.putIfAbsent(agency, r.line);
            }
            return out;
        }

        private List<Agency> agencies(Map<String, List<Agency.Vehicle>> fleet) {
            List<Agency> out = new ArrayList<>();
            for (Row r : table("agencies.csv", "id", "name", "type", "women_staff_provinces")) {
                String id = r.id("id");
                Agency a = r.make(() -> new Agency(id, r.text("name"), r.agencyType("type"), r.idList("women_staff_provinces"),
                        fleet.getOrDefault(id, List.of())), id);
                add(out, a, r);
            }
            Set<String> known = new HashSet<>(unreadable);
            out.forEach(a -> known.add(a.id()));
            for (Map.Entry<String, Integer> e : fleetLines.entrySet())
                if (!known.contains(e.getKey()))
                    problems.add(new Problem("fleet.csv", e.getValue(), "agency", "vehicles belong to unknown agency " + e.getKey()));
            return out;
        }

        private List<Stock> stocks() {
            List<Stock> out = new ArrayList<>();
            for (Row r : table("stocks.csv", "agency", "location", "commodity", "tonnes", "available_from_day"))
                add(out, r.make(() -> new Stock(r.id("agency"), r.id("location"), r.id("commodity"), r.number("tonnes", 0, 1e9),
                        (int) r.whole("available_from_day", 0, 3650)), null), r);
            return out;
        }

        private List<Need> needs() {
            List<Need> out = new ArrayList<>();
            for (Row r : table("needs.csv", "location", "commodity", "tonnes", "phase", "latest_day", "people"))
                add(out, r.make(() -> new Need(r.id("location"), r.id("commodity"), r.number("tonnes", 0, 1e9), (int) r.whole("phase", 3, 5),
                        (int) r.whole("latest_day", 0, 3650), r.whole("people", 0, 2_000_000_000L)), null), r);
            return out;
        }

        private List<AccessRule> rules(Path rulesFile) {
            if (rulesFile == null) return List.of();
            try {
                String name = String.valueOf(rulesFile.getFileName());
                List<AccessRule> rules = new ArrayList<>();
                for (RulesJson.Located r : RulesJson.readLocated(RulesJson.readText(rulesFile, name), name)) {
                    lines.put(r.rule(), r.line());
                    rules.add(r.rule());
                }
                return rules;
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
                return List.of();
            }
        }

        private <T> void add(List<T> out, T item, Row r) {
            if (item == null) return;
            lines.put(item, r.line);
            out.add(item);
        }

        /**
         * Graph checks that only make sense on a fully read folder: an entry point that no road touches
         * can never deliver, and a need location with no road path from any stock can never be served.
         * Closures and rules are ignored here: they are temporary, the wiring is not.
         */
        private void graph(List<Location> locations, List<Road> roads, List<Stock> stocks, List<Need> needs) {
            Map<String, String> parent = new HashMap<>();
            for (Location l : locations) parent.put(l.id(), l.id());
            Set<String> onRoad = new HashSet<>();
            for (Road r : roads) {
                onRoad.add(r.from());
                onRoad.add(r.to());
                parent.put(root(parent, r.from()), root(parent, r.to()));
            }
            for (Location l : locations)
                if (l.kind().isEntryPoint() && !onRoad.contains(l.id()))
                    problems.add(new Problem("entry_points.csv", lines.getOrDefault(l, 0), "id", "entry point " + l.id() + " is not on any road"));
            Set<String> stockComponents = new HashSet<>();
            for (Stock s : stocks) stockComponents.add(root(parent, s.location()));
            Set<String> reported = new LinkedHashSet<>();
            for (Need n : needs)
                if (!stockComponents.contains(root(parent, n.location())) && reported.add(n.location()))
                    problems.add(new Problem("needs.csv", lines.getOrDefault(n, 0), "location",
                            "need location " + n.location() + " is not connected by any road to a stock location"));
        }

        private static String root(Map<String, String> parent, String id) {
            String r = id;
            while (!parent.get(r).equals(r)) r = parent.get(r);
            for (String c = id; !c.equals(r); ) { String next = parent.get(c); parent.put(c, r); c = next; }
            return r;
        }

        /** Reads a CSV file by header; a missing column or an unreadable file is reported and gives no rows. */
        private List<Row> table(String file, String... required) {
            String text;
            try {
                text = RulesJson.readText(dir.resolve(file), file);
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
                return List.of();
            }
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                    .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true)
                    .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setAllowMissingColumnNames(false).get();
            List<Row> rows = new ArrayList<>();
            long lastLine = 0;
            try (CSVParser parser = CSVParser.parse(text, format)) {
                lastLine = parser.getCurrentLineNumber();
                Set<String> header = new HashSet<>(parser.getHeaderNames());
                boolean missing = false;
                for (String col : required)
                    if (!header.contains(col)) {
                        problems.add(new Problem(file, (int) Math.max(1, lastLine), col, "missing column " + col));
                        missing = true;
                    }
                if (missing) return List.of();
                int width = parser.getHeaderNames().size();
                for (CSVRecord rec : parser) {
                    int comments = rec.getComment() == null ? 0 : (int) rec.getComment().lines().count();
                    int line = (int) Math.min(Integer.MAX_VALUE, lastLine + 1 + comments);
                    lastLine = parser.getCurrentLineNumber();
                    Row row = new Row(file, line, rec);
                    if (rec.size() != width) {
                        row.problem("", "row has " + rec.size() + " fields, the header has " + width);
                        continue;
                    }
                    rows.add(row);
                }
            } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
                problems.add(new Problem(file, (int) Math.min(Integer.MAX_VALUE, lastLine + 1), "", "not valid CSV"
                        + (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("header") ? " (empty, blank or duplicated column name in the header)" : " (check quotes)")));
                return List.of();
            }
            return rows;
        }

        /** One CSV record and the typed readers of its fields; every bad field becomes a located problem. */
        private final class Row {
            final String file;
            final int line;
            final CSVRecord rec;
            private int bad;

            Row(String file, int line, CSVRecord rec) { this.file = file; this.line = line; this.rec = rec; }

            void problem(String field, String message) {
                bad++;
                problems.add(new Problem(file, line, field, message));
            }

            /**
             * Builds the record from the fields {@code make} reads; null when a field of the row (read
             * before or inside {@code make}) or the record's own checks failed. A row that fails still
             * declares its id ({@code id}), so references to it are not reported a second time.
             */
            <T> T make(java.util.function.Supplier<T> make, String id) {
                T t = null;
                try {
                    t = make.get();
                } catch (IllegalArgumentException | NullPointerException e) {
                    // the record's own check speaks only when no field of the row was already reported
                    if (bad == 0) problem("", String.valueOf(e.getMessage()));
                }
                if (bad != 0) {
                    if (id != null) unreadable.add(id);
                    return null;
                }
                return t;
            }

            String text(String col) {
                return rec.isMapped(col) && rec.isSet(col) ? rec.get(col) : "";
            }

            String required(String col) {
                String s = text(col);
                if (s.isEmpty()) { problem(col, col + " is required"); return null; }
                return s;
            }

            String id(String col) {
                String s = required(col);
                if (s != null && !ID.matcher(s).matches()) {
                    problem(col, col + " must be 1-64 letters, digits or _.:- (got '" + Checks.shorten(s) + "')");
                    return null;
                }
                return s;
            }

            double number(String col, double min, double max) {
                String s = required(col);
                if (s == null) return Double.NaN;
                if (!NUMBER.matcher(s).matches()) { problem(col, col + " must be a decimal number" + (col.equals("lat") || col.equals("lon") ? "" : " (got '" + Checks.shorten(s) + "')")); return Double.NaN; }
                double d = Double.parseDouble(s);
                if (!Double.isFinite(d) || d < min || d > max) {
                    // a coordinate is never echoed, even a wrong one
                    boolean coordinate = col.equals("lat") || col.equals("lon");
                    problem(col, col + " must be in [" + fmt(min) + ", " + fmt(max) + "]" + (coordinate ? "" : " (got " + Checks.shorten(s) + ")"));
                    return Double.NaN;
                }
                return d;
            }

            double positive(String col, double max) {
                double d = number(col, 0, max);
                if (d == 0) { problem(col, col + " must be above 0"); return Double.NaN; }
                return d;
            }

            double risk(String col) {
                double d = number(col, 0, 1);
                if (d == 1) { problem(col, col + " must be below 1 (a road that loses all cargo is a closed road)"); return Double.NaN; }
                return d;
            }

            long whole(String col, long min, long max) {
                String s = required(col);
                if (s == null) return min;
                if (!WHOLE.matcher(s).matches()) { problem(col, col + " must be a whole number (got '" + Checks.shorten(s) + "')"); return min; }
                long v = Long.parseLong(s);
                if (v < min || v > max) { problem(col, col + " must be in [" + min + ", " + max + "] (got " + v + ")"); return min; }
                return v;
            }

            /** true/false; an absent optional column gives {@code absent} (null = the column is required). */
            boolean bool(String col, Boolean absent) {
                String s = text(col);
                if (s.isEmpty() && absent != null) return absent;
                if (s.equalsIgnoreCase("true")) return true;
                if (s.equalsIgnoreCase("false")) return false;
                problem(col, col + " must be true or false (got '" + Checks.shorten(s) + "')");
                return false;
            }

            Agency.Type agencyType(String col) {
                String s = required(col);
                if (s == null) return null;
                try {
                    return Agency.Type.valueOf(s);
                } catch (IllegalArgumentException e) {
                    problem(col, col + " must be UN, INGO, NNGO or RCRC (got '" + Checks.shorten(s) + "')");
                    return null;
                }
            }

            Set<String> idList(String col) {
                Set<String> out = new LinkedHashSet<>();
                for (String part : text(col).split(";")) {
                    String s = part.trim();
                    if (s.isEmpty()) continue;
                    if (!ID.matcher(s).matches()) problem(col, col + " lists a malformed id '" + Checks.shorten(s) + "'");
                    else if (!out.add(s)) problem(col, col + " lists " + s + " twice");
                }
                return out;
            }

            List<DayWindow> windows(String col) {
                List<DayWindow> out = new ArrayList<>();
                for (String part : text(col).split(";")) {
                    String s = part.trim();
                    if (s.isEmpty()) continue;
                    java.util.regex.Matcher m = WINDOW.matcher(s);
                    int from = m.matches() ? Integer.parseInt(m.group(1)) : -1, to = m.matches() ? Integer.parseInt(m.group(2)) : -1;
                    if (!m.matches() || from > 3650 || to > 3650 || to < from)
                        problem(col, col + " must be day windows like 20-79;100-110 with 0 <= from <= to <= 3650 (got '" + Checks.shorten(s) + "')");
                    else out.add(new DayWindow(from, to));
                }
                return out;
            }

            private String fmt(double d) { return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d); }
        }
    }
}
