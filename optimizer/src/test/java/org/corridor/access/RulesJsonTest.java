package org.corridor.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.corridor.TestData;
import org.corridor.plan.Json;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Problem;
import org.corridor.scenario.ScenarioException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class RulesJsonTest {

    private static List<Problem> problems(String json) {
        return catchThrowableOfType(ScenarioException.class, () -> RulesJson.read(json, "rules.json")).problems();
    }

    @Test
    void bundledRulesSurviveARoundTripByteForByte() throws Exception {
        String text = java.nio.file.Files.readString(TestData.afghanistan().resolve("rules.json"));
        List<AccessRule> rules = RulesJson.read(text, "rules.json");
        assertThat(RulesJson.write(rules)).isEqualTo(text);
        assertThat(RulesJson.read(RulesJson.write(rules), "x")).isEqualTo(rules);
    }

    @Test
    void everyProblemInEveryRuleIsLocatedByPointer() {
        String json = """
                [ {"type": "Foo", "id": "a"},
                  {"type": "RoadClosed"},
                  {"type": "PermitRequired", "id": "p", "province": "AF01", "delayDays": 2.5, "addedRisk": 1,
                   "provenance": {"source": "x", "reliability": "B", "asOf": "2026-13-01"},
                   "validity": {"fromDay": 5, "toDay": 2}},
                  {"type": "RiskOverride", "id": "r", "road": "R1", "province": "AF01", "risk": 0.1, "colour": "red",
                   "provenance": {"source": "x", "reliability": "A", "asOf": "2026-11-01"}} ]""";
        assertThat(problems(json)).extracting(Problem::file, Problem::field).containsExactlyInAnyOrder(
                tuple("rules.json", "/0/type"),
                tuple("rules.json", "/1/id"), tuple("rules.json", "/1/provenance"), tuple("rules.json", "/1/road"),
                tuple("rules.json", "/2/provenance/asOf"), tuple("rules.json", "/2/validity/toDay"),
                tuple("rules.json", "/2/delayDays"), tuple("rules.json", "/2/addedRisk"),
                tuple("rules.json", "/3/colour"), tuple("rules.json", "/3"));
        // each problem also names the line its rule starts on
        assertThat(problems(json)).filteredOn(p -> p.field().startsWith("/3")).extracting(Problem::line).containsOnly(6);
        assertThat(problems(json)).filteredOn(p -> p.field().startsWith("/1")).extracting(Problem::line).containsOnly(2);
    }

    @Test
    void syntaxErrorsNameTheLineAndDuplicateKeysAreRefused() {
        assertThat(problems("[\n{\"type\": \"RoadClosed\",,}]")).singleElement()
                .satisfies(p -> { assertThat(p.line()).isEqualTo(2); assertThat(p.message()).startsWith("invalid JSON"); });
        assertThat(problems("[{\"type\": \"RoadClosed\", \"type\": \"AreaDenied\"}]")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("invalid JSON").contains("type"));
        assertThat(problems("[{\"risk\": NaN}]")).singleElement().satisfies(p -> assertThat(p.message()).startsWith("invalid JSON"));
        assertThat(problems("{}")).extracting(Problem::message).containsExactly("expected a JSON array of rules");
        assertThat(problems("  ")).extracting(Problem::message).containsExactly("empty input: expected JSON");
    }

    @Test
    void oneRuleCanBeReadAlone() {
        AccessRule r = RulesJson.readRule("""
                {"type":"AreaDenied","id":"d","province":"AF30",
                 "provenance":{"source":"s","reliability":"C","asOf":"2026-11-01"}}""", "request");
        assertThat(r).isEqualTo(new AccessRule.AreaDenied("d", "AF30", null,
                new AccessRule.Provenance("s", AccessRule.Reliability.C, LocalDate.parse("2026-11-01")), DayWindow.ALWAYS));
        assertThat(RulesJson.readRule(RulesJson.write(r), "x")).isEqualTo(r);
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 200)
    void anyRuleListSurvivesARoundTrip(@ForAll("ruleLists") List<AccessRule> rules) {
        assertThat(RulesJson.read(RulesJson.write(rules), "x")).isEqualTo(rules);
    }

    @Property(tries = 300)
    void randomTextGivesLocatedProblemsOnly(@ForAll String text) {
        readsOrReportsCleanly(text);
    }

    @Property(tries = 300)
    void aHostileValueAnywhereGivesAProblemNotACrash(@ForAll("ruleLists") List<AccessRule> rules,
                                                      @ForAll("hostile") JsonNode value, @ForAll int pick) {
        ArrayNode tree = (ArrayNode) Json.mapper().readTree(RulesJson.write(rules));
        List<ObjectNode> objects = new ArrayList<>();
        tree.forEach(n -> collectObjects(n, objects));
        if (objects.isEmpty()) return;
        ObjectNode target = objects.get(Math.floorMod(pick, objects.size()));
        List<String> names = new ArrayList<>(target.propertyNames());
        names.add("extra");
        target.set(names.get(Math.floorMod(pick / 7, names.size())), value);
        readsOrReportsCleanly(Json.write(tree));
    }

    private static void collectObjects(JsonNode n, List<ObjectNode> out) {
        if (n instanceof ObjectNode o) {
            out.add(o);
            o.forEach(c -> collectObjects(c, out));
        }
    }

    /** Either rules come back (all valid) or a ScenarioException with located, trace-free problems; nothing else. */
    static void readsOrReportsCleanly(String text) {
        try {
            List<AccessRule> rules = RulesJson.read(text, "rules.json");
            assertThat(rules).doesNotContainNull();
        } catch (ScenarioException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.file()).isEqualTo("rules.json");
                assertThat(p.message()).doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(p.field()).matches("(/.*)?");
            });
        }
    }

    @Provide
    Arbitrary<JsonNode> hostile() {
        var f = Json.mapper().getNodeFactory();
        return Arbitraries.of(f.numberNode(-1), f.numberNode(1e308), f.numberNode(new java.math.BigDecimal("1e400")),
                f.numberNode(new java.math.BigInteger("99999999999999999999999")), f.numberNode(0.5), f.numberNode(2_000_000_000),
                f.stringNode(""), f.stringNode("NaN"), f.stringNode("Infinity"), f.stringNode("x".repeat(500)), f.stringNode("a b"),
                f.nullNode(), f.booleanNode(true), f.arrayNode(), f.objectNode(), f.stringNode("RoadClosed"), f.stringNode("2026-02-30"));
    }

    @Provide
    Arbitrary<List<AccessRule>> ruleLists() {
        Arbitrary<String> id = Arbitraries.strings().withChars("ABCXYZ019_-.:").ofMinLength(1).ofMaxLength(12);
        Arbitrary<Double> risk = Arbitraries.doubles().between(0, 0.99);
        Arbitrary<DayWindow> window = Combinators.combine(Arbitraries.integers().between(0, 3650), Arbitraries.integers().between(0, 3650))
                .as((a, b) -> new DayWindow(Math.min(a, b), Math.max(a, b)));
        Arbitrary<AccessRule.Provenance> prov = Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(30).filter(s -> !s.isBlank()),
                Arbitraries.of(AccessRule.Reliability.class), Arbitraries.integers().between(0, 4000))
                .as((s, r, d) -> new AccessRule.Provenance(s, r, LocalDate.of(2020, 1, 1).plusDays(d)));
        Arbitrary<String> agency = Arbitraries.oneOf(id, Arbitraries.just(null));
        Arbitrary<AccessRule> rule = Arbitraries.oneOf(
                Combinators.combine(id, id, prov, window).as(AccessRule.RoadClosed::new),
                Combinators.combine(id, id, prov, window).as(AccessRule.EntryPointClosed::new),
                Combinators.combine(id, id, agency, prov, window).as(AccessRule.AreaDenied::new),
                Combinators.combine(id, id, agency, Arbitraries.integers().between(0, 365), risk, prov, window).as(AccessRule.PermitRequired::new),
                Combinators.combine(id, id, id.set().ofMaxSize(3), prov, window).as((i, p, e, pr, w) -> new AccessRule.WomenStaffBarred(i, p, e, pr, w)),
                Combinators.combine(id, id, Arbitraries.integers().between(1, 10_000), prov, window).as(AccessRule.ConvoySizeLimit::new),
                Combinators.combine(id, id, id, prov, window).as(AccessRule.CommodityRestricted::new),
                Combinators.combine(id, id, risk, Arbitraries.doubles().between(0, 240), prov, window).as(AccessRule.EscortImposed::new),
                Combinators.combine(id, id, Arbitraries.of(true, false), risk, prov, window)
                        .as((i, t, road, r, p, w) -> new AccessRule.RiskOverride(i, road ? t : null, road ? null : t, r, p, w)));
        return rule.list().ofMaxSize(6);
    }

    @Test
    void womenStaffExemptionsKeepTheirSet() {
        AccessRule r = new AccessRule.WomenStaffBarred("w", "AF30", Set.of("B", "A"),
                new AccessRule.Provenance("s", AccessRule.Reliability.B, LocalDate.parse("2026-11-01")), new DayWindow(0, 3));
        assertThat(RulesJson.write(r)).contains("\"exemptAgencies\" : [ \"A\", \"B\" ]");
        assertThat(RulesJson.readRule(RulesJson.write(r), "x")).isEqualTo(r);
    }
}
