package org.corridor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Problem;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.SolveOptions;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading the commands' input files, shared by every command: each method either returns a valid
 * value or throws {@link BadInput} carrying every problem it found, located by file, line and field.
 */
final class Inputs {
    private Inputs() {}

    /** Input that cannot be used, with every problem found. */
    static final class BadInput extends RuntimeException {
        private final List<Problem> problems;

        BadInput(List<Problem> problems) {
            super(problems.size() + " problem(s), first: " + problems.get(0));
            this.problems = List.copyOf(problems);
        }

        BadInput(String file, String message) { this(List.of(new Problem(file, 0, "", message))); }

        List<Problem> problems() { return problems; }
    }

    /** {@code --scenario DIR [--rules FILE]}: the pair every command that reads a scenario takes (a picocli mixin). */
    static final class ScenarioInput {
        @Option(names = "--scenario", required = true, paramLabel = "DIR", description = "scenario folder (e.g. data/afghanistan)")
        Path dir;

        @Option(names = "--rules", paramLabel = "FILE", description = "access rules JSON replacing the folder's rules.json")
        Path rules;

        Scenario load() { return scenario(dir, rules); }
    }

    /** The scenario in {@code dir}, with the rules of {@code rules} when given (else {@code dir/rules.json} if present). */
    static Scenario scenario(Path dir, Path rules) {
        if (!Files.isDirectory(dir)) throw new BadInput(dir.toString(), "scenario folder does not exist");
        if (rules != null && !Files.isRegularFile(rules)) throw new BadInput(rules.toString(), "rules file does not exist");
        return rules == null ? ScenarioLoader.load(dir) : ScenarioLoader.load(dir, rules);
    }

    /**
     * Solve options: {@link SolveOptions#DEFAULTS}, with the horizon the scenario folder declares,
     * overridden field by field by the JSON object in {@code file} (when given). Unknown fields, values
     * of the wrong type and values out of range are all reported, each with its field.
     */
    static SolveOptions options(Path file, Path scenarioDir) {
        SolveOptions base = SolveOptions.DEFAULTS;
        var horizon = ScenarioLoader.defaultHorizonDays(scenarioDir);
        if (horizon.isPresent())
            base = new SolveOptions(horizon.getAsInt(), base.riskBudget(), base.riskWeight(), base.routeRiskCap(),
                    base.equityFloor(), base.timeLimitSeconds(), base.threads(), base.seed());
        if (file == null) return base;
        String name = file.toString();
        JsonNode given = parse(read(file), name);
        if (!given.isObject()) throw new BadInput(name, "options must be a JSON object, e.g. {\"threads\": 2, \"seed\": 7}");
        ObjectNode defaults = Json.mapper().valueToTree(base);
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            String key = field.getKey();
            if (!defaults.has(key)) {
                problems.add(new Problem(name, 0, key, "unknown option; known options: " + String.join(", ", names(defaults))));
                continue;
            }
            ObjectNode one = defaults.deepCopy();
            one.set(key, field.getValue());
            String why = convert(one);
            if (why != null) problems.add(new Problem(name, 0, key, why));
        }
        if (!problems.isEmpty()) throw new BadInput(problems);
        ObjectNode merged = defaults.deepCopy();
        merged.setAll((ObjectNode) given);
        String why = convert(merged);
        if (why != null) throw new BadInput(name, why);
        return Json.mapper().treeToValue(merged, SolveOptions.class);
    }

    /** A plan written by {@code plan --out}. */
    static Plan plan(Path file) {
        String name = file.toString();
        String text = read(file);
        try {
            return Json.mapper().readValue(text, Plan.class);
        } catch (JacksonException e) {
            throw new BadInput(List.of(located(name, e)));
        }
    }

    /** Why the object does not make SolveOptions, or null when it does. */
    private static String convert(ObjectNode node) {
        try {
            Json.mapper().treeToValue(node, SolveOptions.class);
            return null;
        } catch (JacksonException e) {
            return reason(e);
        }
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) throw new BadInput(file.toString(), "file does not exist");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new BadInput(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static JsonNode parse(String text, String name) {
        try {
            return Json.mapper().readTree(text);
        } catch (JacksonException e) {
            throw new BadInput(List.of(located(name, e)));
        }
    }

    private static Problem located(String name, JacksonException e) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        return new Problem(name, line, pointer(e), (column > 0 ? "column " + column + ": " : "") + reason(e));
    }

    /** Where in the document the problem is, as a JSON pointer such as {@code /routes/0/legs}; empty when unknown. */
    private static String pointer(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath())
            b.append('/').append(r.getPropertyName() != null ? r.getPropertyName() : r.getIndex() >= 0 ? String.valueOf(r.getIndex()) : "?");
        return b.toString();
    }

    /** The cause a reader can act on: a record's own validation message, else Jackson's first line. */
    private static String reason(JacksonException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause())
            if (t instanceof IllegalArgumentException && t.getMessage() != null) return t.getMessage();
        String m = e.getOriginalMessage();
        m = m == null ? "invalid JSON" : m.lines().findFirst().orElse("invalid JSON");
        return m.length() <= 200 ? m : m.substring(0, 200) + "...";
    }

    private static List<String> names(ObjectNode o) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = o.propertyNames().iterator(); it.hasNext(); ) out.add(it.next());
        return out;
    }
}
