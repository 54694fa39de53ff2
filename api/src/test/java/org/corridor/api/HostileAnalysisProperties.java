package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
 * Hostile bodies posted to the analysis endpoints of a real plan version (explanation, value of
 * access, frontier, frontier adoptions), by every kind of caller: never a 5xx, every error a
 * problem, no stack trace, and nothing admitted or created. Every body is present and either carries
 * a worker count no server has or is not a JSON object (an absent body would be a valid explanation
 * request), and adoptions name no real frontier job, so no job is ever queued and no version made.
 */
abstract class HostileAnalysisProperties {
    /** The test class whose Spring context (and database) these properties share. */
    abstract Class<?> service();

    private ServiceHarness harness() {
        return ServiceHarness.sharedWith(service());
    }

    record Attack(String user, String endpoint, String version, String contentType, String body, String idempotencyKey) {}

    @Property(tries = 200)
    void hostileAnalysisRequestsNeverGetA5xxAndCreateNothing(@ForAll("attacks") Attack a) {
        ServiceHarness s = harness();
        ServiceHarness.Fixtures f = s.fixtures();
        String newestJob = s.json(s.call("coordinator", MockMvcRequestBuilders.get("/api/v1/jobs?limit=1"))).toString();
        int versions = s.json(s.call("coordinator", MockMvcRequestBuilders.get("/api/v1/plans/" + f.foodPlan() + "/versions"))).size();
        MockHttpServletRequestBuilder r = MockMvcRequestBuilders.post("/api/v1/plans/" + f.foodPlan() + "/versions/" + a.version() + a.endpoint());
        if (a.contentType() != null) r.contentType(a.contentType());
        if (a.body() != null) r.content(a.body().getBytes(StandardCharsets.UTF_8));
        if (a.idempotencyKey() != null) r.header("Idempotency-Key", a.idempotencyKey());
        MockHttpServletResponse response = s.call(a.user(), r);
        String body = ServiceHarness.text(response);
        assertThat(response.getStatus()).as(a + " -> " + body).isLessThan(500).isNotIn(201, 202);
        if (response.getStatus() >= 400) assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(body).doesNotContain("Exception", "\tat ", "at org.", "34.5", "69.2");
        assertThat(s.json(s.call("coordinator", MockMvcRequestBuilders.get("/api/v1/jobs?limit=1"))).toString()).isEqualTo(newestJob);
        assertThat(s.json(s.call("coordinator", MockMvcRequestBuilders.get("/api/v1/plans/" + f.foodPlan() + "/versions"))).size()).isEqualTo(versions);
    }

    @Provide
    Arbitrary<Attack> attacks() {
        Arbitrary<String> users = Arbitraries.of("planner-unfood", "planner-unfood", "planner-unfood", "coordinator", "planner-unchild",
                "team-unfood-kabul").injectNull(0.05);
        Arbitrary<String> endpoints = Arbitraries.of("/explanation", "/value-of-access", "/frontier", "/frontier/adoptions");
        Arbitrary<String> versions = Arbitraries.of("1", "1", "1", "0", "-1", "2147483648", "1e3", "x", "%00");
        Arbitrary<String> types = Arbitraries.of("application/json", "application/json", "application/json", "text/plain",
                "application/json; charset=utf-16", "application/zip").injectNull(0.1);
        Arbitrary<String> body = Arbitraries.frequencyOf(Tuple.of(6, objects()), Tuple.of(1, raw()));
        Arbitrary<String> key = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(140).injectNull(0.7);
        return Combinators.combine(users, endpoints, versions, types, body, key).as(Attack::new);
    }

    /** JSON values, hostile ones among them. */
    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.of("null", "true", "-1", "0", "0.05", "1", "2", "1e999", "-0.0", "1e-400", "\"0.1\"", "[]", "{}",
                        "[0.1]", "[0.0,0.05,1.0]", "[-0.1]", "[1.5]", "[null]", "[\"x\"]", "[" + "0.1,".repeat(40) + "0.1]",
                        "\"j-0000000000000000\"", "\"<script>\"", "\"34.5,69.2\"", "\"' OR 1=1--\""),
                Arbitraries.strings().ofMaxLength(80).map(HostileAnalysisProperties::quote));
    }

    /** Worker counts no server has, or not counts at all: every body is refused (and so admits no job). */
    private static Arbitrary<String> badThreads() {
        return Arbitraries.of("-1", "1000000", "2147483648", "1e999", "2.5", "\"2\"", "true", "[]", "{}", "\"NaN\"");
    }

    private static Arbitrary<String> objects() {
        Arbitrary<String> extra = Combinators.combine(Arbitraries.of("budgets", "frontier", "point", "extra", "__proto__", ""), values())
                .as((n, v) -> quote(n) + ":" + v).list().ofMaxSize(4).map(l -> l.isEmpty() ? "" : "," + String.join(",", l));
        return Combinators.combine(badThreads(), extra).as((t, more) -> "{\"threads\":" + t + more + "}");
    }

    private static Arbitrary<String> raw() {
        return Arbitraries.oneOf(Arbitraries.of("{", "[]", "7", "\"x\"", "{\"budgets\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                "{\"threads\":1,\"threads\":-1}"), Arbitraries.strings().ofMaxLength(200).filter(t -> !t.isBlank() && !t.strip().startsWith("{") && !t.strip().equals("null")));
    }

    /** JSON string literal of {@code s}. */
    private static String quote(String s) { return ServiceHarness.JSON.writeValueAsString(s); }
}
