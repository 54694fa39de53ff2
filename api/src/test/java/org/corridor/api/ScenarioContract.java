package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/** Scenarios: the bundled one is shared; uploads are validated by the optimizer's loader and private. */
public interface ScenarioContract extends ServiceHarness {

    private MockHttpServletResponse upload(String user, byte[] zip, String key) {
        var request = post("/api/v1/scenarios").contentType("application/zip").content(zip);
        if (key != null) request.header("Idempotency-Key", key);
        return call(user, request);
    }

    @Test
    default void theBundledAfghanistanScenarioIsLoadedAndSharedWithoutCoordinates() {
        MockHttpServletResponse r = call("planner-unchild", get("/api/v1/scenarios/afghanistan"));
        JsonNode s = json(r);
        assertThat(s.get("shared").asBoolean()).isTrue();
        assertThat(s.get("counts").get("locations").asInt()).isGreaterThanOrEqualTo(34 + 15);
        assertThat(s.get("counts").get("rules").asInt()).isPositive();
        assertThat(ServiceHarness.text(r)).doesNotContain("lat", "lon");
    }

    @Test
    default void everyProblemOfAnUploadIsReportedAndLocatedByFileLineAndField() {
        byte[] broken = ServiceHarness.tinyZip(text -> text.replace("R1,AF01,AF02,80,2,500,0.01,1,", "R1,AF01,AF09,-80,2,500,1.5,1,"), "roads.csv");
        MockHttpServletResponse r = upload("planner-unfood", broken, null);
        assertThat(r.getStatus()).isEqualTo(422);
        assertThat(r.getContentType()).startsWith("application/problem+json");
        JsonNode errors = json(r).get("errors");
        assertThat(errors.valueStream().map(e -> e.get("pointer").asString()).toList())
                .contains("/roads.csv/2/km", "/roads.csv/2/base_risk");
        assertThat(errors.valueStream().map(e -> e.get("detail").asString())).allMatch(d -> !d.contains("80") || d.contains("km"));
    }

    @Test
    default void hostileArchivesAreRefusedBeforeTouchingTheDisk() throws IOException {
        assertThat(upload("planner-unfood", "not a zip".getBytes(StandardCharsets.UTF_8), null).getStatus()).isEqualTo(422);
        JsonNode traversal = json(upload("planner-unfood", zip("../../etc/roads.csv", "x"), null));
        assertThat(traversal.get("status").asInt()).isEqualTo(422);
        assertThat(traversal.get("errors").get(0).get("detail").asString()).startsWith("not a scenario file");
        assertThat(json(upload("planner-unfood", zip("run.sh", "echo"), null)).get("status").asInt()).isEqualTo(422);
        // a small zip that expands past the per-file bound (a zip bomb) is cut off while reading
        byte[] bomb = zip("roads.csv", "0".repeat(21 << 20));
        assertThat(bomb.length).isLessThan(1 << 20);
        MockHttpServletResponse r = upload("planner-unfood", bomb, null);
        assertThat(r.getStatus()).isEqualTo(422);
        assertThat(json(r).get("detail").asString()).contains("expands beyond");
    }

    @Test
    default void anUploadIsPrivateToItsOrganisationAndIdempotent() {
        byte[] zip = ServiceHarness.tinyZip(text -> text.replace("Tiny test scenario", "Tiny copy"), "scenario.json");
        String key = "upload-" + System.nanoTime();
        MockHttpServletResponse first = upload("planner-unchild", zip, key);
        assertThat(first.getStatus()).isEqualTo(201);
        String location = first.getHeader("Location");
        MockHttpServletResponse retry = upload("planner-unchild", zip, key);
        assertThat(retry.getStatus()).isEqualTo(200);
        assertThat(retry.getHeader("Location")).isEqualTo(location);
        assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(json(call("planner-unchild", get(location))).get("organisation").asString()).isEqualTo("UN_CHILD");
        assertThat(call("planner-unfood", get(location)).getStatus()).isEqualTo(404);
        assertThat(json(call("planner-unfood", get("/api/v1/scenarios"))).valueStream().map(s -> s.get("id").asString()))
                .doesNotContain(location.substring(location.lastIndexOf('/') + 1));
        assertThat(call("coordinator", get(location)).getStatus()).isEqualTo(200);
    }

    private static byte[] zip(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return out.toByteArray();
    }
}
