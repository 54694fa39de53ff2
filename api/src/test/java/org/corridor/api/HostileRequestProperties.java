package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.util.UriUtils;

/**
 * Malformed and hostile requests thrown at every endpoint, by every kind of caller: the service
 * answers each with a 1xx-4xx status, never a 5xx; every error is problem+json; no body carries a
 * stack trace. Runs against the flavour's shared test service (H2 or PostgreSQL).
 */
abstract class HostileRequestProperties {
    private static final Map<Class<?>, MockMvc> SERVICES = new ConcurrentHashMap<>();

    /** The test class whose Spring context (and database) these properties share. */
    abstract Class<?> service();

    private MockMvc mvc() {
        return SERVICES.computeIfAbsent(service(), c -> new TestContextManager(c).getTestContext().getApplicationContext().getBean(MockMvc.class));
    }

    /** One hostile request: who, how, where, with what. */
    record Attack(String authorization, HttpMethod method, String path, String query, String contentType, byte[] body,
                  String idempotencyKey, String ifNoneMatch) {}

    @Property(tries = 400)
    void noRequestGetsA5xxOrAnythingButAProblem(@ForAll("attacks") Attack a) throws Exception {
        MockHttpServletRequestBuilder r = MockMvcRequestBuilders.request(a.method(), URI.create("http://localhost" + a.path() + a.query()));
        if (a.authorization() != null) r.header("Authorization", a.authorization());
        if (a.contentType() != null) r.header("Content-Type", a.contentType());
        if (a.body() != null) r.content(a.body());
        if (a.idempotencyKey() != null) r.header("Idempotency-Key", a.idempotencyKey());
        if (a.ifNoneMatch() != null) r.header("If-None-Match", a.ifNoneMatch());
        MockHttpServletResponse response = mvc().perform(r).andReturn().getResponse();
        String body = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(a.method() + " " + a.path() + a.query() + " -> " + body).isLessThan(500);
        if (response.getStatus() >= 400) assertThat(response.getContentType()).as(a.path()).startsWith("application/problem+json");
        assertThat(body).doesNotContain("Exception", "\tat ", "at org.", "at java.");
    }

    @Provide
    Arbitrary<Attack> attacks() {
        return Combinators.combine(callers(), methods(), paths(), queries(), contentTypes(), bodies(), headerValues(), headerValues())
                .as(Attack::new);
    }

    private static Arbitrary<String> callers() {
        List<String> users = List.copyOf(ServiceHarness.PASSWORDS.keySet());
        Arbitrary<String> demo = Arbitraries.of(users).map(u -> basic(u, ServiceHarness.PASSWORDS.get(u)));
        Arbitrary<String> wrong = Arbitraries.strings().ofMaxLength(40).map(s -> basic("coordinator", s));
        Arbitrary<String> garbage = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200);
        Arbitrary<String> bearer = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300).map(s -> "Bearer " + s);
        Arbitrary<String> badBase64 = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(60).map(s -> "Basic " + s);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, demo), net.jqwik.api.Tuple.of(1, wrong), net.jqwik.api.Tuple.of(1, garbage),
                net.jqwik.api.Tuple.of(1, bearer), net.jqwik.api.Tuple.of(1, badBase64), net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Arbitrary<HttpMethod> methods() {
        return Arbitraries.of(HttpMethod.GET, HttpMethod.GET, HttpMethod.POST, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
                HttpMethod.PATCH, HttpMethod.HEAD, HttpMethod.OPTIONS);
    }

    /** Real endpoint shapes with some segments replaced by hostile ones (already percent-encoded). */
    private static Arbitrary<String> paths() {
        Arbitrary<String> known = Arbitraries.of("api", "v1", "scenarios", "afghanistan", "solves", "jobs", "cancel", "plans", "versions",
                "1", "0", "-1", "99999999999", "routes.geojson", "coverage.csv", "teams", "UN_FOOD", "UN_CHILD", "AF01", "dispatch",
                "audit", "auth", "token", "health", "latest", "explanation", "value-of-access", "frontier", "adoptions");
        Arbitrary<String> hostile = Arbitraries.of("..", "%2e%2e", "%2F", "%00", "%25", "%C0%AE", ";jsessionid=1", "%0d%0aSet-Cookie:x",
                "%3Cscript%3E", "'%20OR%201=1--", "~", "%F0%9F%92%A3", "a".repeat(3000));
        Arbitrary<String> random = Arbitraries.strings().ofMinLength(1).ofMaxLength(30).map(s -> UriUtils.encodePathSegment(s, StandardCharsets.UTF_8));
        Arbitrary<String> segment = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, known), net.jqwik.api.Tuple.of(2, hostile), net.jqwik.api.Tuple.of(2, random));
        Arbitrary<String> shaped = Arbitraries.of(
                "/api/v1/scenarios", "/api/v1/scenarios/{}", "/api/v1/solves", "/api/v1/jobs", "/api/v1/jobs/{}", "/api/v1/jobs/{}/cancel",
                "/api/v1/plans", "/api/v1/plans/{}", "/api/v1/plans/{}/versions", "/api/v1/plans/{}/versions/{}",
                "/api/v1/plans/{}/routes.geojson", "/api/v1/plans/{}/coverage.csv", "/api/v1/teams/{}/{}/dispatch",
                "/api/v1/plans/{}/versions/{}/explanation", "/api/v1/plans/{}/versions/{}/value-of-access",
                "/api/v1/plans/{}/versions/{}/frontier", "/api/v1/plans/{}/versions/{}/frontier/adoptions",
                "/api/v1/audit", "/api/v1/auth/token", "/api/v1/health", "/v3/api-docs", "/error", "/{}", "/api/v1/{}/{}");
        return Combinators.combine(shaped, segment.list().ofSize(3)).as((shape, parts) -> {
            String p = shape;
            for (String part : parts) p = p.replaceFirst("\\{\\}", java.util.regex.Matcher.quoteReplacement(part));
            return p;
        }).filter(p -> !p.contains("test-only"));
    }

    private static Arbitrary<String> queries() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("1", "0", "-5", "1000000", "abc", "", "%00", "1e9"),
                Arbitraries.strings().ofMaxLength(20).map(s -> UriUtils.encodeQueryParam(s, StandardCharsets.UTF_8)));
        Arbitrary<String> key = Arbitraries.of("limit", "before", "version", "x", "limit[]", "%00");
        return Arbitraries.oneOf(Arbitraries.just(""), Combinators.combine(key, value).as((k, v) -> "?" + k + "=" + v));
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json", "application/zip", "text/plain", "multipart/form-data",
                "application/json; charset=utf-16", "application/x-www-form-urlencoded", "*/*", "garbage", "application/problem+json")
                .injectNull(0.15);
    }

    /** JSON-ish texts (broken, hostile, deeply nested), arbitrary text and bytes; never a valid solve of a real scenario. */
    private static Arbitrary<byte[]> bodies() {
        Arbitrary<String> json = Arbitraries.of(
                "{", "}", "[]", "null", "\"x\"", "{\"scenario\":null}", "{\"scenario\":1e999}", "{\"scenario\":\"\\u0000\"}",
                "{\"scenario\":\"none\",\"options\":{\"horizonDays\":1e308,\"threads\":-1}}", "{\"scenario\":\"none\",\"options\":[]}",
                "{\"scenario\":\"none\",\"plan\":{\"$ne\":1}}", "{\"__proto__\":{}}", "[".repeat(2000) + "]".repeat(2000),
                "{\"a\":".repeat(1500) + "1" + "}".repeat(1500), "{\"scenario\":\"" + "A".repeat(100_000) + "\"}");
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(json.map(s -> s.getBytes(StandardCharsets.UTF_8)), text.map(s -> s.getBytes(StandardCharsets.UTF_8)), bytes)
                .injectNull(0.2);
    }

    private static Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200), Arbitraries.of("*", "W/\"x\"", "\"\"", ""))
                .injectNull(0.5);
    }
}
