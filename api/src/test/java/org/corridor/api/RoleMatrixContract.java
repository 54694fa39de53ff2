package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every endpoint x every role, as one table: the status each caller gets. Objects belong to UN_FOOD
 * (scenario upload, job, plan) so the table also covers cross-organisation reads (planner-unchild)
 * and cross-team reads (team-unchild-kabul). Requests that would create work are sent invalid, so
 * the table shows who gets past security (422) without changing the service's state.
 */
public interface RoleMatrixContract extends ServiceHarness {

    /** Callers in column order: nobody, then one user per role and organisation. */
    List<String> CALLERS = List.of("anonymous", "coordinator", "planner-unfood", "planner-unchild", "team-unfood-kabul", "team-unchild-kabul");

    @Test
    default void everyEndpointAnswersEveryRoleAsTheAccessModelSays() {
        Fixtures f = fixtures();
        Map<String, Function<Fixtures, MockHttpServletRequestBuilder>> requests = new LinkedHashMap<>();
        Map<String, int[]> expected = new LinkedHashMap<>();
        //                                                                       anon coord  own  other ownTeam otherTeam
        row(requests, expected, "GET health", x -> get("/api/v1/health"),                              200, 200, 200, 200, 200, 200);
        row(requests, expected, "GET openapi", x -> get("/v3/api-docs"),                               200, 200, 200, 200, 200, 200);
        row(requests, expected, "POST token", x -> post("/api/v1/auth/token"),                         401, 200, 200, 200, 200, 200);
        row(requests, expected, "GET scenarios", x -> get("/api/v1/scenarios"),                        401, 200, 200, 200, 403, 403);
        row(requests, expected, "GET bundled scenario", x -> get("/api/v1/scenarios/afghanistan"),     401, 200, 200, 200, 403, 403);
        row(requests, expected, "GET uploaded scenario", x -> get("/api/v1/scenarios/" + x.tinyScenario()), 401, 200, 200, 404, 403, 403);
        row(requests, expected, "POST scenario (invalid zip)", x -> post("/api/v1/scenarios").contentType("application/zip").content(new byte[] {1, 2, 3}),
                                                                                                       401, 422, 422, 422, 403, 403);
        row(requests, expected, "POST solve (unknown scenario)", x -> post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON).content("{\"scenario\":\"none\"}"),
                                                                                                       401, 422, 422, 422, 403, 403);
        row(requests, expected, "POST solve (other org's scenario)", x -> post("/api/v1/solves").contentType(MediaType.APPLICATION_JSON)
                .content("{\"scenario\":\"" + x.tinyScenario() + "\",\"options\":{\"horizonDays\":0}}"),   401, 422, 422, 422, 403, 403);
        row(requests, expected, "GET jobs", x -> get("/api/v1/jobs"),                                  401, 200, 200, 200, 403, 403);
        row(requests, expected, "GET job", x -> get("/api/v1/jobs/" + x.foodJob()),                    401, 200, 200, 404, 403, 403);
        row(requests, expected, "POST cancel (finished job)", x -> post("/api/v1/jobs/" + x.foodJob() + "/cancel"), 401, 409, 409, 404, 403, 403);
        row(requests, expected, "GET plans", x -> get("/api/v1/plans"),                                401, 200, 200, 200, 403, 403);
        row(requests, expected, "GET plan", x -> get("/api/v1/plans/" + x.foodPlan()),                 401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET versions", x -> get("/api/v1/plans/" + x.foodPlan() + "/versions"), 401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET version", x -> get("/api/v1/plans/" + x.foodPlan() + "/versions/1"), 401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET geojson", x -> get("/api/v1/plans/" + x.foodPlan() + "/routes.geojson"), 401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET coverage", x -> get("/api/v1/plans/" + x.foodPlan() + "/coverage.csv"), 401, 200, 200, 404, 403, 403);
        row(requests, expected, "GET cell plan", x -> get("/api/v1/plans/" + x.cellPlan()),            401, 200, 404, 404, 403, 403);
        row(requests, expected, "DELETE plan", x -> delete("/api/v1/plans/" + x.foodPlan()),           401, 405, 405, 405, 403, 403);
        row(requests, expected, "GET UN_FOOD@AF01 dispatch", x -> get("/api/v1/teams/UN_FOOD/AF01/dispatch"), 401, 200, 200, 403, 200, 403);
        row(requests, expected, "GET UN_CHILD@AF01 dispatch", x -> get("/api/v1/teams/UN_CHILD/AF01/dispatch"), 401, 200, 403, 200, 403, 200);
        row(requests, expected, "GET UN_FOOD@AF02 dispatch", x -> get("/api/v1/teams/UN_FOOD/AF02/dispatch"), 401, 200, 200, 403, 403, 403);
        row(requests, expected, "GET audit", x -> get("/api/v1/audit"),                                401, 200, 403, 403, 403, 403);
        row(requests, expected, "GET unlisted path", x -> get("/api/v1/secrets"),                       401, 403, 403, 403, 403, 403);

        List<String> mismatches = new ArrayList<>();
        for (var e : requests.entrySet()) {
            int[] want = expected.get(e.getKey());
            for (int i = 0; i < CALLERS.size(); i++) {
                String caller = CALLERS.get(i);
                MockHttpServletResponse r = call(caller.equals("anonymous") ? null : caller, e.getValue().apply(f));
                if (r.getStatus() != want[i]) mismatches.add(e.getKey() + " as " + caller + ": " + ServiceHarness.contentOf(r) + " (expected " + want[i] + ")");
                if (r.getStatus() >= 400) assertThat(r.getContentType()).as(e.getKey() + " as " + caller).startsWith("application/problem+json");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static void row(Map<String, Function<Fixtures, MockHttpServletRequestBuilder>> requests, Map<String, int[]> expected,
                            String name, Function<Fixtures, MockHttpServletRequestBuilder> request, int... statuses) {
        requests.put(name, request);
        expected.put(name, statuses);
    }
}
