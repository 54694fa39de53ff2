package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.corridor.api.problem.ProblemPreparation;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/** Every error is an RFC 9457 problem, validation errors are located, nothing leaks. */
public interface ProblemContract extends ServiceHarness {

    /** The port of the real server, for errors raised by the servlet container itself. */
    int port();

    private JsonNode problem(MockHttpServletResponse r, int status) {
        assertThat(r.getStatus()).as(ServiceHarness.contentOf(r)).isEqualTo(status);
        assertThat(r.getContentType()).startsWith("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(p.get("detail").asString()).isNotBlank();
        assertThat(ServiceHarness.contentOf(r)).doesNotContain("Exception", "\tat ", "java.", "34.5", "69.2");
        return p;
    }

    /**
     * What a first problem answer builds on its request thread is prepared when the service is ready
     * ({@link ProblemPreparation}); the body it writes is a 503 problem with its located errors.
     */
    @Test
    default void theProblemAnswerIsPreparedWithTheConverterThatWritesProblems() throws IOException {
        byte[] body = mvc().getDispatcherServlet().getWebApplicationContext().getBean(ProblemPreparation.class).prepare();
        JsonNode p = JSON.readTree(body);
        assertThat(p.get("status").asInt()).isEqualTo(503);
        assertThat(p.get("title").asString()).isEqualTo("Service Unavailable");
        assertThat(p.get("errors").get(0).get("pointer").asString()).isEmpty();
        assertThat(p.get("errors").get(1).get("parameter").asString()).isEqualTo("limit");
        assertThat(p.get("errors").get(1).has("pointer")).isFalse();
    }

    @Test
    default void authenticationAndAuthorisationFailuresAreProblems() {
        problem(call(null, get("/api/v1/plans")), 401);
        assertThat(call(null, get("/api/v1/plans")).getHeader("WWW-Authenticate")).contains("Basic");
        problem(mvcCall(get("/api/v1/plans").header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("coordinator:wrong".getBytes()))), 401);
        problem(mvcCall(get("/api/v1/plans").header("Authorization", "Bearer not-a-token")), 401);
        problem(call("team-unfood-kabul", get("/api/v1/plans")), 403);
    }

    @Test
    default void frameworkErrorsAreProblems() {
        problem(call("coordinator", get("/api/v1/plans/nope")), 404);
        MockHttpServletResponse notAllowed = call("coordinator", put("/api/v1/plans"));
        problem(notAllowed, 405);
        assertThat(notAllowed.getHeader("Allow")).contains("GET");
        problem(call("coordinator", post("/api/v1/solves").contentType(MediaType.TEXT_PLAIN).content("solve please")), 415);
        problem(call("coordinator", get("/api/v1/plans/x/versions/not-a-number")), 400);
        problem(call("coordinator", get("/api/v1/audit?limit=zero")), 400);
        problem(call("coordinator", get("/api/v1/audit?limit=0")), 400);
    }

    @Test
    default void malformedJsonIsA400LocatedAtTheDocument() {
        JsonNode p = problem(call("coordinator", post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON).content("{\"scenario\": ")), 400);
        assertThat(p.get("errors").get(0).get("detail").asString()).isEqualTo("malformed JSON");
        JsonNode typed = problem(call("coordinator", post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON).content("{\"scenario\": [1]}")), 400);
        assertThat(typed.get("errors").get(0).get("pointer").asString()).isEqualTo("/scenario");
        JsonNode unknown = problem(call("coordinator", post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON).content("{\"scenario\":\"afghanistan\",\"scenery\":1}")), 400);
        assertThat(unknown.get("errors").get(0).get("pointer").asString()).isEqualTo("/scenery");
    }

    @Test
    default void everyInvalidOptionIsLocatedByItsOwnPointer() {
        JsonNode p = problem(call("coordinator", post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON)
                .content("{\"options\":{\"horizonDays\":0,\"riskBudget\":2,\"threads\":\"many\",\"speed\":1}}")), 422);
        assertThat(p.get("errors").valueStream().map(e -> e.get("pointer").asString()).toList())
                .containsExactly("/scenario", "/options/horizonDays", "/options/riskBudget", "/options/threads", "/options/speed");
        assertThat(p.get("errors").get(1).get("detail").asString()).isEqualTo("horizonDays must be 1..365");
    }

    @Test
    default void anUnexpectedFailureIsA500ProblemWithAnIncidentAndNoInternals() {
        JsonNode p = problem(call("coordinator", get(TestEndpoints.BOOM)), 500);
        assertThat(p.get("detail").asString()).contains("incident");
    }

    /** Errors the container raises before Spring MVC (here an unparseable request target) still answer problem+json. */
    @Test
    default void containerErrorsAreProblemsToo() throws IOException {
        String response = raw("GET /api/v1/plans/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).doesNotContain("Exception", "<html");
        String firewall = raw("GET /api/v1/plans/..;/audit HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(firewall).startsWith("HTTP/1.1 4").contains("application/problem+json").doesNotContain("Exception");
    }

    /**
     * Parameters that do not decode (found by the hostile-request properties: a form body on an endpoint with an
     * optional JSON body) are a 400 problem that does not repeat them, from the real server and through MockMvc.
     */
    @Test
    default void undecodableParametersAreA400ThatDoesNotRepeatThem() throws IOException {
        String basic = java.util.Base64.getEncoder().encodeToString("coordinator:demo-coordinator".getBytes(StandardCharsets.UTF_8));
        String query = raw("GET /api/v1/audit?limit=%zq HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + basic + "\r\nConnection: close\r\n\r\n");
        assertThat(query).startsWith("HTTP/1.1 400").contains("application/problem+json", "percent-encoded").doesNotContain("%zq", "Exception");
        String form = "a=b%";
        String posted = raw("POST /api/v1/plans/p-none/versions/1/explanation HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + basic
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form);
        assertThat(posted).startsWith("HTTP/1.1 400").contains("application/problem+json", "percent-encoded").doesNotContain("b%", "Exception");
        // the sample jqwik found: a form parameter name with control characters, which the firewall rejects on reading
        JsonNode rejected = problem(call("planner-unchild", post("/api/v1/plans/api/versions/1/explanation")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content(new byte[] {'(', 1, 9, 'p', '=', '1'})), 400);
        assertThat(rejected.get("detail").asString()).contains("control characters");
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port()); OutputStream out = s.getOutputStream(); InputStream in = s.getInputStream()) {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private MockHttpServletResponse mvcCall(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder r) {
        return call(null, r);
    }
}
