package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/** The plan's exports: GeoJSON of the routes and HXL-tagged coverage by P-code. */
public interface ExportContract extends ServiceHarness {

    private Plan foodPlan() {
        return Json.read(ServiceHarness.text(call("planner-unfood", get("/api/v1/plans/" + fixtures().foodPlan() + "/versions/1"))), Plan.class);
    }

    @Test
    default void geoJsonHasOneLineStringPerRouteThroughItsLocationsInLonLatOrder() {
        Plan plan = foodPlan();
        MockHttpServletResponse r = call("planner-unfood", get("/api/v1/plans/" + plan.planId() + "/routes.geojson?version=1"));
        assertThat(r.getContentType()).startsWith("application/geo+json");
        JsonNode fc = json(r);
        assertThat(fc.get("type").asString()).isEqualTo("FeatureCollection");
        assertThat(fc.get("features")).hasSize(plan.routes().size());
        JsonNode first = fc.get("features").get(0);
        Plan.Route route = plan.routes().get(0);
        assertThat(first.get("properties").get("route").asString()).isEqualTo(route.id());
        JsonNode line = first.get("geometry").get("coordinates");
        assertThat(line).hasSize(route.legs().size() + 1);
        // the tiny scenario's Kabul centre is at lat 34.5, lon 69.2: GeoJSON puts longitude first
        if (route.legs().get(0).from().equals("AF01")) {
            assertThat(line.get(0).get(0).asDouble()).isEqualTo(69.2);
            assertThat(line.get(0).get(1).asDouble()).isEqualTo(34.5);
        }
    }

    @Test
    default void coverageIsHxlTaggedCsvWhoseNumbersAddUpToThePlan() {
        Plan plan = foodPlan();
        MockHttpServletResponse r = call("planner-unfood", get("/api/v1/plans/" + plan.planId() + "/coverage.csv?version=1"));
        assertThat(r.getContentType()).startsWith("text/csv");
        List<String> lines = List.of(ServiceHarness.text(r).split("\r\n"));
        assertThat(lines.get(1)).isEqualTo("#adm1+code,#loc+code,#loc+name,#item+code,#value+need+tonnes,#value+delivered+tonnes,#value+unmet+tonnes,#indicator+coverage+pct");
        // tiny scenario: cereals needed at AF02 (60 t) and AF03 (60 t)
        assertThat(lines).hasSize(4);
        double delivered = 0;
        for (String line : lines.subList(2, lines.size())) {
            String[] cells = line.split(",");
            assertThat(cells[4]).isEqualTo("60.00");
            delivered += Double.parseDouble(cells[5]);
        }
        assertThat(delivered).isCloseTo(plan.kpis().deliveredTonnes(), org.assertj.core.data.Offset.offset(0.02));
    }
}
