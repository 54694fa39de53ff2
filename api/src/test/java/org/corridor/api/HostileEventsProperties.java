package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Hostile bodies posted as change events to a real plan, by every kind of caller: never a 5xx,
 * every error a problem, no stack trace, and nothing recorded. The events are event-shaped (every
 * type, field and provenance, with hostile values) but only ever name ids the tiny scenario does not
 * have, so none can apply and no re-solve is ever queued.
 */
abstract class HostileEventsProperties {
    /** The test class whose Spring context (and database) these properties share. */
    abstract Class<?> service();

    private ServiceHarness harness() {
        return ServiceHarness.sharedWith(service());
    }

    record Attack(String user, String body, String idempotencyKey) {}

    @Property(tries = 200)
    void hostileEventsNeverGetA5xxAndRecordNothing(@ForAll("attacks") Attack a) {
        ServiceHarness s = harness();
        ServiceHarness.Fixtures f = s.fixtures();
        int before = s.json(s.call("coordinator", MockMvcRequestBuilders.get("/api/v1/scenarios/" + f.tinyScenario() + "/events"))).size();
        MockHttpServletRequestBuilder r = MockMvcRequestBuilders.post("/api/v1/plans/" + f.foodPlan() + "/events")
                .contentType("application/json").content(a.body().getBytes(StandardCharsets.UTF_8));
        if (a.idempotencyKey() != null) r.header("Idempotency-Key", a.idempotencyKey());
        MockHttpServletResponse response = s.call(a.user(), r);
        String body = ServiceHarness.text(response);
        assertThat(response.getStatus()).as(a.body() + " -> " + body).isLessThan(500).isNotEqualTo(202);
        if (response.getStatus() >= 400) assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(body).doesNotContain("Exception", "\tat ", "at org.", "34.5", "69.2");
        assertThat(s.json(s.call("coordinator", MockMvcRequestBuilders.get("/api/v1/scenarios/" + f.tinyScenario() + "/events"))).size())
                .isEqualTo(before);
    }

    @Provide
    Arbitrary<Attack> attacks() {
        Arbitrary<String> users = Arbitraries.of("planner-unfood", "planner-unfood", "planner-unfood", "coordinator", "planner-unchild",
                "team-unfood-kabul").injectNull(0.05);
        Arbitrary<String> body = Arbitraries.frequencyOf(Tuple.of(6, requests()), Tuple.of(1, raw()));
        Arbitrary<String> key = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(140).injectNull(0.7);
        return Combinators.combine(users, body, key).as(Attack::new);
    }

    /** Ids no scenario of the tests has, hostile ones among them. */
    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(Arbitraries.of("R9", "AF99", "NOPE", "UN_NONE", "RICE", "", " ", "a/b", "~1", "\\u0000", "R1' OR '1'='1",
                        "<script>", "x".repeat(65), "34.5,69.2"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(70).filter(s -> !s.matches("R[123]|AF0[123]|UN_FOOD|UN_CHILD|CEREALS|AP_KABUL")));
    }

    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(ids().map(HostileEventsProperties::quote), Arbitraries.of("null", "true", "-1", "0", "1e999", "-0.0", "0.5", "3651",
                "1.5", "[]", "{}", "\"2026-13-45T99:00:00Z\"", "\"2026-12-01T06:00:00Z\"", "\"B\"", "\"Z\"", "1e-400"));
    }

    private static Arbitrary<String> field() {
        Arbitrary<String> name = Arbitraries.of("type", "id", "provenance", "rule", "ruleId", "road", "baseRisk", "capacityTpd", "agency",
                "location", "commodity", "availableFromDay", "tonnes", "extra", "__proto__", "");
        return Combinators.combine(name, values()).as((n, v) -> quote(n) + ":" + v);
    }

    private static Arbitrary<String> provenance() {
        Arbitrary<String> who = Arbitraries.of("", "\"who\":\"planner-unfood\",", "\"who\":\"someone-else\",", "\"who\":7,");
        Arbitrary<String> source = Arbitraries.oneOf(Arbitraries.of("\"ok\"", "\"\"", "null", "5"),
                Arbitraries.strings().ofMaxLength(600).map(HostileEventsProperties::quote));
        Arbitrary<String> reliability = Arbitraries.of("\"A\"", "\"B\"", "\"E\"", "\"Z\"", "null", "1");
        Arbitrary<String> asOf = Arbitraries.of("\"2026-12-01T06:00:00Z\"", "\"2026-12-01\"", "\"yesterday\"", "null", "0");
        return Combinators.combine(who, source, reliability, asOf).as((w, s, r, t) ->
                "{" + w + "\"source\":" + s + ",\"reliability\":" + r + ",\"asOf\":" + t + "}");
    }

    private static Arbitrary<String> event() {
        Arbitrary<String> type = Arbitraries.of("RuleAdded", "RuleLifted", "RuleModified", "RoadChanged", "StockChanged", "NeedChanged",
                "RoadExploded", "").map(HostileEventsProperties::quote);
        Arbitrary<String> rule = Combinators.combine(Arbitraries.of("RoadClosed", "EntryPointClosed", "AreaDenied", "RiskOverride", "Nope"), ids(), ids())
                .as((t, id, road) -> "{\"type\":\"" + t + "\",\"id\":" + quote(id) + ",\"road\":" + quote(road)
                        + ",\"entryPoint\":" + quote(road) + ",\"province\":" + quote(road)
                        + ",\"provenance\":{\"source\":\"s\",\"reliability\":\"B\",\"asOf\":\"2026-12-01\"}}");
        return Combinators.combine(type, ids(), provenance(), rule, field().list().ofMaxSize(5))
                .as((t, id, p, r, more) -> "{\"type\":" + t + ",\"id\":" + quote(id) + ",\"provenance\":" + p + ",\"rule\":" + r
                        + (more.isEmpty() ? "" : "," + String.join(",", more)) + "}");
    }

    private static Arbitrary<String> requests() {
        Arbitrary<String> events = Arbitraries.oneOf(event().list().ofMinSize(0).ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"),
                Arbitraries.of("null", "{}", "\"x\"", "7", "[" + "{},".repeat(250) + "{}]"));
        Arbitrary<String> asOf = Arbitraries.of("", ",\"asOfDay\":-1", ",\"asOfDay\":3",  ",\"asOfDay\":1e10", ",\"asOfDay\":\"x\"", ",\"asOfDay\":null");
        Arbitrary<String> weight = Arbitraries.of("", ",\"stabilityWeight\":0", ",\"stabilityWeight\":-1", ",\"stabilityWeight\":1e308",
                ",\"stabilityWeight\":\"NaN\"", ",\"extra\":1");
        return Combinators.combine(events, asOf, weight).as((e, a, w) -> "{\"events\":" + e + a + w + "}");
    }

    private static Arbitrary<String> raw() {
        return Arbitraries.oneOf(Arbitraries.of("", "{", "[]", "null", "{\"events\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                "{\"events\":[{\"type\":\"RoadChanged\",\"type\":\"NeedChanged\"}]}"), Arbitraries.strings().ofMaxLength(200));
    }

    /** JSON string literal of {@code s}. */
    private static String quote(String s) { return ServiceHarness.JSON.writeValueAsString(s); }
}
