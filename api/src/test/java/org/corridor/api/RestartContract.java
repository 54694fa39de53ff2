package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Nothing acknowledged is lost: a service stopped and started again on the same database finds
 * every plan and version, re-reads uploaded scenarios, and reports a job that was running when the
 * process died as failed.
 */
public interface RestartContract extends ServiceHarness {

    /** Starts the application as its main method would, with command-line arguments (which beat application.yml). */
    static ConfigurableApplicationContext start(Map<String, Object> database) {
        Map<String, Object> props = new HashMap<>(database);
        props.put("server.port", "0");
        props.put("logging.level.root", "WARN");
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(CorridorApplication.class).run(args);
    }

    /** The calls of {@link ServiceHarness} against a service started by {@link #start}. */
    static ServiceHarness harness(ConfigurableApplicationContext ctx) {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).apply(springSecurity()).build();
        return new ServiceHarness() {
            public MockMvc mvc() { return mvc; }
            public GatedSolver solver() { throw new UnsupportedOperationException(); }
            public Map<String, Object> freshDatabase() { throw new UnsupportedOperationException(); }
        };
    }

    @Test
    default void aRestartedServiceFindsEveryPlanAndReportsTheInterruptedJobAsFailed() {
        Map<String, Object> database = freshDatabase();
        String scenario;
        List<String> plans;
        Map<String, String> bodies = new HashMap<>();
        try (ConfigurableApplicationContext first = start(database)) {
            ServiceHarness s = harness(first);
            scenario = s.json(s.call("planner-unfood", post("/api/v1/scenarios").contentType("application/zip")
                    .content(ServiceHarness.tinyZip(t -> t, "")))).get("id").asString();
            JsonNode a = s.solveAndWait("planner-unfood", scenario, null);
            JsonNode b = s.solveAndWait("coordinator", scenario, null);
            s.solveAndWait("planner-unfood", scenario, a.get("planId").asString());
            plans = List.of(a.get("planId").asString(), b.get("planId").asString());
            for (String p : plans)
                for (int v = 1; v <= (p.equals(plans.get(0)) ? 2 : 1); v++)
                    bodies.put(p + "/" + v, ServiceHarness.text(s.call("coordinator", get("/api/v1/plans/" + p + "/versions/" + v))));
            // what a killed process leaves behind: a job marked RUNNING that nobody will finish
            first.getBean(JdbcClient.class).sql("INSERT INTO job (id, organisation, created_by, scenario_id, options, status, progress, created_at, started_at) "
                    + "VALUES ('j-crashed', 'UN_FOOD', 'planner-unfood', ?, '{}', 'RUNNING', 0.4, ?, ?)")
                    .params(scenario, OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.now(ZoneOffset.UTC)).update();
        }
        try (ConfigurableApplicationContext second = start(database)) {
            ServiceHarness s = harness(second);
            JsonNode listed = s.json(s.call("coordinator", get("/api/v1/plans")));
            assertThat(listed.valueStream().map(p -> p.get("id").asString()).toList()).containsExactlyInAnyOrderElementsOf(plans);
            for (Map.Entry<String, String> e : bodies.entrySet()) {
                String[] idVersion = e.getKey().split("/");
                assertThat(ServiceHarness.text(s.call("coordinator", get("/api/v1/plans/" + idVersion[0] + "/versions/" + idVersion[1]))))
                        .isEqualTo(e.getValue());
            }
            JsonNode crashed = s.json(s.call("planner-unfood", get("/api/v1/jobs/j-crashed")));
            assertThat(crashed.get("status").asString()).isEqualTo("FAILED");
            assertThat(crashed.get("error").asString()).startsWith("interrupted");
            // the uploaded scenario is re-read from the database and still solves
            assertThat(s.solveAndWait("planner-unfood", scenario, null).get("status").asString()).isEqualTo("SUCCEEDED");
        }
    }
}
