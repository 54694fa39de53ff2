package org.corridor.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.corridor.TestData;
import org.corridor.plan.Json;
import org.corridor.scenario.Location;
import org.corridor.scenario.Need;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Runs every notebook in {@code notebooks/} top to bottom with Jupyter against the corridor.jar this
 * build packaged, then checks what each produced: every figure it saved exists and is not blank, and
 * every number it printed (recorded in its summary JSON by {@code corridor_nb.record}) agrees with a
 * recomputation, here in Java, from the plan JSON files it read. An integration test (failsafe), so
 * the jar is packaged before it runs.
 *
 * <p>Jupyter is required, not optional: CI installs it ({@code .ci/run}); without it this test fails
 * and says how to install it.
 */
class NotebooksIT {
    private static final Path ROOT = TestData.data().getParent();
    private static final Path NOTEBOOKS = ROOT.resolve("notebooks");
    private static final Path JAR = ROOT.resolve("optimizer/target/corridor.jar");
    private static final Path WORK = ROOT.resolve("optimizer/target/notebooks");
    private static final Path OUT = WORK.resolve("out");
    private static final String INSTALL = "apt-get install -y --no-install-recommends jupyter-nbconvert "
            + "python3-ipykernel python3-matplotlib python3-pandas jupyter-client (see .ci/run)";
    /** Tonnes in plan JSON carry 6 decimals; the notebooks round what they record to the same. */
    private static final double TONNES = 1e-4;

    /** The checks of each notebook's printed numbers, by notebook name: every notebook must have one. */
    private static final Map<String, BiConsumer<JsonNode, Scenario>> CHECKS = Map.of(
            "national_plan", NotebooksIT::nationalPlanAgreesWithItsPlan,
            "risk_frontier", NotebooksIT::frontierAgreesWithItsPlans,
            "access_what_if", NotebooksIT::whatIfsAgreeWithTheirPlansAndRules);

    private static Scenario scenario;

    @BeforeAll
    static void jupyterAndTheJarAreThere() throws IOException {
        assertThat(JAR).as("corridor.jar is packaged before integration tests (mvn verify)").isRegularFile();
        String version = run(List.of("jupyter", "nbconvert", "--version"), ROOT.resolve("optimizer/target/jupyter-version.log"), 2);
        if (version == null) fail("Jupyter's nbconvert is needed to run the notebooks and was not found; install it with: " + INSTALL);
        deleteTree(WORK);
        Files.createDirectories(OUT);
        scenario = ScenarioLoader.load(TestData.afghanistan());
    }

    static Stream<String> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb"))
                    .map(n -> n.substring(0, n.length() - ".ipynb".length())).sorted().toList().stream();
        }
    }

    @Test
    void everyNotebookHasItsNumbersChecked() throws IOException {
        assertThat(notebooks()).containsExactlyInAnyOrderElementsOf(CHECKS.keySet());
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void notebookRunsAndItsFiguresAndNumbersAgreeWithItsPlans(String notebook) {
        List<String> command = List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=900", "--output-dir", WORK.toString(),
                NOTEBOOKS.resolve(notebook + ".ipynb").toString());
        Path log = WORK.resolve(notebook + ".log");
        if (run(command, log, 20) == null) fail(notebook + " failed to execute; the end of " + log + ":\n" + tail(log));

        JsonNode summary = read(OUT.resolve(notebook + ".summary.json"));
        assertThat(summary.get("notebook").asString()).isEqualTo(notebook);
        assertThat(summary.get("figures").size()).as("figures saved by " + notebook).isPositive();
        for (JsonNode figure : summary.get("figures")) figureIsDrawn(OUT.resolve(figure.asString()));
        CHECKS.get(notebook).accept(summary, scenario);
    }

    // ---- figures ----

    /**
     * A figure is drawn when its PNG decodes, is large enough to read, and at least 0.5 % of its pixels
     * are coloured (channel spread above 40 of 255). Axes, ticks and text are black or grey, so a
     * figure whose data failed to draw (an empty frame with labels) falls below that.
     */
    static void figureIsDrawn(Path png) {
        assertThat(png).as("figure file").isRegularFile();
        BufferedImage image;
        try {
            assertThat(Files.size(png)).as(png.getFileName() + " size in bytes").isGreaterThan(10_000);
            image = ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(image).as(png.getFileName() + " decodes as an image").isNotNull();
        assertThat(image.getWidth()).isGreaterThan(400);
        assertThat(image.getHeight()).isGreaterThan(250);
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++)
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y), r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) coloured++;
            }
        assertThat((double) coloured / ((long) image.getWidth() * image.getHeight()))
                .as(png.getFileName() + ": share of coloured pixels").isGreaterThan(0.005);
    }

    // ---- national_plan ----

    /** Headline KPIs, tonnes per road, deliveries and needs per province, diversion by region, last mile by hub. */
    static void nationalPlanAgreesWithItsPlan(JsonNode summary, Scenario s) {
        JsonNode printed = summary.get("printed"), plan = plan(summary, "adopted"), kpis = plan.get("kpis");
        assertThat(names(printed.get("kpis"))).containsExactlyInAnyOrder("coverage", "needTonnes", "deliveredTonnes",
                "expectedDiversionTonnes", "expectedDiversionShare", "peopleReached");
        for (String kpi : names(printed.get("kpis")))
            assertThat(printed.get("kpis").get(kpi).asDouble()).as(kpi).isEqualTo(kpis.get(kpi).asDouble());

        Map<String, Double> tonnesByRoad = new TreeMap<>();
        for (JsonNode route : plan.get("routes"))
            for (JsonNode leg : route.get("legs")) tonnesByRoad.merge(leg.get("road").asString(), leg.get("tonnesIn").asDouble(), Double::sum);
        agree("tonnes by road", printed.get("tonnesByRoad"), tonnesByRoad, TONNES);

        Map<String, Double> delivered = new TreeMap<>(), need = new TreeMap<>();
        for (Location l : s.locations()) if (l.kind() == Location.Kind.PROVINCE_CENTRE) { delivered.put(l.id(), 0.0); need.put(l.id(), 0.0); }
        for (JsonNode route : plan.get("routes")) delivered.merge(route.get("destination").asString(), route.get("tonnesDelivered").asDouble(), Double::sum);
        for (Need n : s.needs()) need.merge(n.location(), n.tonnes(), Double::sum);
        agree("delivered by province", printed.get("deliveredByProvince"), delivered, TONNES);
        agree("need by province", printed.get("needByProvince"), need, TONNES);
        assertThat(delivered.values().stream().mapToDouble(Double::doubleValue).sum())
                .as("provinces' deliveries add up to the headline").isCloseTo(kpis.get("deliveredTonnes").asDouble(), within(1e-2));

        // the plan attributes each leg's loss to the region of the leg's end; it sums unrounded losses,
        // this sums the legs' 6-decimal tonnes, hence a tolerance of a few hundred roundings
        Map<String, Location> at = s.locationsById();
        Map<String, Double> byRegion = new TreeMap<>();
        for (JsonNode route : plan.get("routes"))
            for (JsonNode leg : route.get("legs"))
                byRegion.merge(at.get(leg.get("to").asString()).region(), leg.get("tonnesIn").asDouble() - leg.get("tonnesOut").asDouble(), Double::sum);
        agree("diversion by region", printed.get("diversionByRegion"), byRegion, 1e-3);

        Map<String, Double> routed = new TreeMap<>();
        for (JsonNode tour : plan.get("lastMile"))
            for (JsonNode stop : tour.get("stops")) routed.merge(tour.get("hub").asString(), stop.get("tonnes").asDouble(), Double::sum);
        agree("last mile: tonnes on tours by hub", printed.get("lastMileRoutedByHub"), routed, TONNES);
        Map<String, Map<String, Double>> left = new TreeMap<>();
        for (JsonNode drop : plan.get("lastMileDropped"))
            left.computeIfAbsent(drop.get("hub").asString(), h -> new TreeMap<>()).merge(drop.get("reason").asString(), drop.get("tonnes").asDouble(), Double::sum);
        JsonNode printedLeft = printed.get("lastMileLeftByHubAndReason");
        assertThat(names(printedLeft)).as("last mile: hubs with tonnes left").containsExactlyInAnyOrderElementsOf(left.keySet());
        left.forEach((hub, byReason) -> agree("last mile: left at " + hub, printedLeft.get(hub), byReason, TONNES));
    }

    // ---- risk_frontier ----

    /**
     * Every row is what the CLI's frontier (or the adopted plan) says: non-dominated points with their
     * plans, dominated budgets with what beats them, failed budgets with their status, the adopted plan
     * once; the budgets are fractions
     * of the adopted share up to it, solved under the adopted options; the steps are the slopes.
     */
    static void frontierAgreesWithItsPlans(JsonNode summary, Scenario s) {
        JsonNode rows = summary.get("printed").get("frontier"), adopted = plan(summary, "adopted");
        JsonNode report = output(summary, "frontier", "budgets");
        double adoptedShare = adopted.get("kpis").get("expectedDiversionShare").asDouble();
        assertThat(rows.size()).as("one row per budget solved, and the adopted plan")
                .isEqualTo(report.get("points").size() + report.get("dominated").size() + report.get("failed").size() + 1);
        Map<Double, JsonNode> points = new TreeMap<>(), dominated = new TreeMap<>(), failed = new TreeMap<>();
        report.get("points").forEach(p -> points.put(p.get("riskBudget").asDouble(), p));
        report.get("dominated").forEach(d -> dominated.put(d.get("riskBudget").asDouble(), d));
        report.get("failed").forEach(f -> failed.put(f.get("riskBudget").asDouble(), f));
        assertThat(points.keySet()).as("budgets on the frontier").allSatisfy(b -> assertThat(b).isBetween(0.0, adoptedShare));

        List<JsonNode> curve = new ArrayList<>();
        int adoptedRows = 0;
        for (JsonNode row : rows) {
            String kind = row.get("kind").asString();
            JsonNode plan = kind.equals("adopted") ? adopted : kind.equals("frontier") ? points.get(row.get("riskBudget").asDouble()).get("plan") : null;
            if (kind.equals("failed")) {
                JsonNode f = failed.get(row.get("riskBudget").asDouble());
                assertThat(f).as("failed budget " + row.get("riskBudget")).isNotNull();
                assertThat(row.get("status").asString()).isEqualTo(f.get("status").asString());
                continue;
            }
            if (plan == null) {
                assertThat(kind).isEqualTo("dominated");
                JsonNode d = dominated.get(row.get("riskBudget").asDouble());
                assertThat(d).as("dominated budget " + row.get("riskBudget")).isNotNull();
                for (String field : List.of("coverage", "expectedDiversionTonnes", "cost", "dominatedBy"))
                    assertThat(row.get(field).asDouble()).as("dominated " + field).isEqualTo(d.get(field).asDouble());
                continue;
            }
            JsonNode k = plan.get("kpis");
            assertThat(row.get("status").asString()).isEqualTo(plan.get("solver").get("status").asString());
            for (String kpi : List.of("coverage", "expectedDiversionTonnes", "expectedDiversionShare", "deliveredTonnes", "cost", "peopleReached"))
                assertThat(row.get(kpi).asDouble()).as(kind + " " + row.get("riskBudget") + " " + kpi).isEqualTo(k.get(kpi).asDouble());
            if (kind.equals("adopted")) {
                adoptedRows++;
                assertThat(row.get("riskBudget").isNull() && plan.get("options").get("riskBudget").isNull()).as("the adopted plan has no hard budget").isTrue();
                continue;
            }
            JsonNode options = plan.get("options");
            assertThat(options.get("riskBudget").asDouble()).as("the frontier plan's budget").isEqualTo(row.get("riskBudget").asDouble());
            for (String same : List.of("horizonDays", "riskWeight", "routeRiskCap", "equityFloor", "seed"))
                assertThat(options.get(same)).as("frontier plans keep the adopted " + same).isEqualTo(adopted.get("options").get(same));
            if (row.get("status").asString().equals("OPTIMAL")) {
                assertThat(k.get("expectedDiversionShare").asDouble()).as("budget kept").isLessThanOrEqualTo(row.get("riskBudget").asDouble() + 1e-6);
                curve.add(row);
            }
        }
        assertThat(adoptedRows).as("the adopted plan is marked once").isEqualTo(1);

        curve.sort(Comparator.comparingDouble(p -> p.get("expectedDiversionTonnes").asDouble()));
        JsonNode steps = summary.get("printed").get("steps");
        assertThat(steps.size()).isEqualTo(Math.max(0, curve.size() - 1));
        for (int i = 1; i < curve.size(); i++) {
            JsonNode a = curve.get(i - 1), b = curve.get(i), step = steps.get(i - 1);
            assertThat(step.get("fromBudget").asDouble()).isEqualTo(a.get("riskBudget").asDouble());
            assertThat(step.get("toBudget").asDouble()).isEqualTo(b.get("riskBudget").asDouble());
            slope(step.get("coveragePointsPerDiversionPoint"), delta(a, b, "coverage"), delta(a, b, "expectedDiversionShare"));
            slope(step.get("deliveredPerDivertedTonne"), delta(a, b, "deliveredTonnes"), delta(a, b, "expectedDiversionTonnes"));
        }
    }

    private static double delta(JsonNode a, JsonNode b, String kpi) { return b.get(kpi).asDouble() - a.get(kpi).asDouble(); }

    /** The printed slope is rise / run, or null where the run is zero. */
    private static void slope(JsonNode printed, double rise, double run) {
        if (run == 0) assertThat(printed.isNull()).as("slope over a zero step").isTrue();
        else assertThat(printed.asDouble()).isCloseTo(rise / run, within(1e-9 * Math.max(1, Math.abs(rise / run))));
    }

    // ---- access_what_if ----

    /**
     * Each what-if's rules file is the scenario's rules plus exactly its one rule, its plan was solved
     * from another input than the baseline, and every printed number and change is its plan's; the
     * value-of-access ranking is the CLI's explanation of that same baseline, in rank order.
     */
    static void whatIfsAgreeWithTheirPlansAndRules(JsonNode summary, Scenario s) {
        JsonNode effects = summary.get("printed").get("effects");
        assertThat(effects.size()).isGreaterThanOrEqualTo(4);
        JsonNode base = plan(summary, "baseline");
        JsonNode baseRules = read(TestData.afghanistan().resolve("rules.json"));
        Map<String, Double> baseDelivered = deliveredByProvince(base, s);
        Map<String, Map<String, Double>> moves = new LinkedHashMap<>();
        for (JsonNode row : effects) {
            String key = row.get("plan").asString();
            JsonNode plan = plan(summary, key), k = plan.get("kpis"), b = base.get("kpis");
            for (String kpi : List.of("coverage", "deliveredTonnes", "peopleReached", "expectedDiversionTonnes", "expectedDiversionShare"))
                assertThat(row.get(kpi).asDouble()).as(key + " " + kpi).isEqualTo(k.get(kpi).asDouble());
            assertThat(row.get("coverageChangePoints").asDouble()).isCloseTo(100 * (k.get("coverage").asDouble() - b.get("coverage").asDouble()), within(1e-9));
            assertThat(row.get("deliveredChangeTonnes").asDouble()).isCloseTo(k.get("deliveredTonnes").asDouble() - b.get("deliveredTonnes").asDouble(), within(TONNES));
            assertThat(row.get("peopleReachedChange").asLong()).isEqualTo(k.get("peopleReached").asLong() - b.get("peopleReached").asLong());
            assertThat(row.get("diversionChangeTonnes").asDouble()).isCloseTo(k.get("expectedDiversionTonnes").asDouble() - b.get("expectedDiversionTonnes").asDouble(), within(TONNES));
            if (key.equals("baseline")) continue;

            JsonNode rules = read(OUT.resolve("access_what_if." + key + ".rules.json"));
            assertThat(rules.size()).as(key + " adds one rule").isEqualTo(baseRules.size() + 1);
            for (int i = 0; i < baseRules.size(); i++) assertThat(rules.get(i)).as(key + " keeps rule " + i).isEqualTo(baseRules.get(i));
            assertThat(rules.get(baseRules.size()).get("id").asString()).isEqualTo(row.get("rule").asString());
            assertThat(plan.get("solver").get("inputHash").asString()).as(key + " was solved under other rules than the baseline")
                    .isNotEqualTo(base.get("solver").get("inputHash").asString());

            Map<String, Double> change = new TreeMap<>();
            deliveredByProvince(plan, s).forEach((p, t) -> change.put(p, t - baseDelivered.get(p)));
            moves.put(row.get("what-if").asString(), change);
        }
        // provinces shown: those whose deliveries move by at least a tonne in some what-if
        Set<String> shown = new TreeSet<>();
        moves.values().forEach(m -> m.forEach((p, t) -> { if (Math.abs(t) >= 1) shown.add(p); }));
        JsonNode printedMoves = summary.get("printed").get("deliveredChangeByProvince");
        assertThat(names(printedMoves)).containsExactlyInAnyOrderElementsOf(moves.keySet());
        moves.forEach((whatIf, change) -> {
            Map<String, Double> expected = new TreeMap<>();
            shown.forEach(p -> expected.put(p, change.get(p)));
            agree(whatIf + ": delivered change by province", printedMoves.get(whatIf), expected, TONNES);
        });

        JsonNode explanation = output(summary, "explain", "baseline"), ranking = summary.get("printed").get("valueOfAccess");
        assertThat(explanation.get("inputHash").asString()).as("the explanation is of the baseline plan")
                .isEqualTo(base.get("solver").get("inputHash").asString());
        assertThat(ranking.size()).isEqualTo(explanation.get("valueOfAccess").size()).isPositive();
        for (int i = 0; i < ranking.size(); i++) {
            JsonNode printed = ranking.get(i), value = explanation.get("valueOfAccess").get(i);
            assertThat(printed.get("rank").asInt()).as("ranks in order").isEqualTo(i + 1).isEqualTo(value.get("rank").asInt());
            assertThat(printed.get("ruleId").asString()).isEqualTo(value.get("ruleId").asString());
            for (String field : List.of("confirmedWeightedTonnes", "estimatedWeightedTonnes", "confirmedTonnes", "peopleReachedGain"))
                assertThat(printed.get(field).asDouble()).as("value of access " + (i + 1) + " " + field).isEqualTo(value.get(field).asDouble());
        }
    }

    private static Map<String, Double> deliveredByProvince(JsonNode plan, Scenario s) {
        Map<String, Double> out = new TreeMap<>();
        for (Location l : s.locations()) if (l.kind() == Location.Kind.PROVINCE_CENTRE) out.put(l.id(), 0.0);
        for (JsonNode route : plan.get("routes")) out.merge(route.get("destination").asString(), route.get("tonnesDelivered").asDouble(), Double::sum);
        return out;
    }

    // ---- plumbing ----

    /** The plan JSON the notebook read under {@code name}, as it recorded it. */
    private static JsonNode plan(JsonNode summary, String name) { return output(summary, "plan", name); }

    /** What the CLI's {@code command} wrote for the notebook under {@code name}, as the notebook recorded it. */
    private static JsonNode output(JsonNode summary, String command, String name) {
        JsonNode file = summary.get("outputs").path(command).get(name);
        assertThat(file).as(command + " output " + name + " is recorded in the summary").isNotNull();
        return read(OUT.resolve(file.asString()));
    }

    /** The printed map has exactly the expected keys, each value within {@code tolerance}. */
    private static void agree(String what, JsonNode printed, Map<String, Double> expected, double tolerance) {
        assertThat(printed).as(what + " printed").isNotNull();
        assertThat(names(printed)).as(what + ": keys").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> assertThat(printed.get(key).asDouble()).as(what + ": " + key).isCloseTo(value, within(tolerance)));
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.properties().forEach(e -> out.add(e.getKey()));
        return out;
    }

    private static JsonNode read(Path file) {
        assertThat(file).isRegularFile();
        try {
            return Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command with the notebooks' environment (this build's jar, outputs under target/), output
     * to {@code log}; returns the output, or null when it could not start, failed or timed out.
     */
    private static String run(List<String> command, Path log, int minutes) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(NOTEBOOKS.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CORRIDOR_JAR", JAR.toString());
        pb.environment().put("CORRIDOR_NB_OUT", OUT.toString());
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        try {
            Files.createDirectories(log.getParent());
            Process p = pb.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(log) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
