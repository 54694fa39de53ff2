package org.corridor.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.corridor.SolvedPlans;
import org.corridor.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** data/schemas/plan.schema.json describes the plans the solver writes, and rejects broken ones. */
class PlanSchemaTest {
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        String text = Files.readString(TestData.data().resolve("schemas/plan.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
    }

    private static List<Error> validate(String json) { return schema.validate(json, InputFormat.JSON); }

    private static ObjectNode solvedTree() {
        return (ObjectNode) Json.mapper().readTree(Json.write(SolvedPlans.afghanistanPlan()));
    }

    @Test
    void solvedAfghanistanPlanMatchesTheSchema() {
        assertThat(SolvedPlans.afghanistanPlan().routes()).isNotEmpty();
        assertThat(validate(Json.write(SolvedPlans.afghanistanPlan()))).isEmpty();
    }

    @Test
    void planReadBackFromJsonIsTheSamePlan() {
        Plan p = SolvedPlans.afghanistanPlan();
        assertThat(Json.read(Json.write(p), Plan.class)).isEqualTo(p);
    }

    @Test
    void routeWithoutAgencyIsRejectedAtItsPointer() {
        ObjectNode plan = solvedTree();
        ((ObjectNode) plan.get("routes").get(0)).remove("agency");
        assertThat(validate(plan.toString())).extracting(e -> e.getInstanceLocation().toString())
                .containsExactly("/routes/0");
    }

    @Test
    void coverageAboveOneIsRejected() {
        ObjectNode plan = solvedTree();
        ((ObjectNode) plan.get("kpis")).put("coverage", 1.5);
        assertThat(validate(plan.toString())).extracting(e -> e.getInstanceLocation().toString()).containsExactly("/kpis/coverage");
    }

    @Test
    void legWithoutRoadOrWithCoordinatesIsRejected() {
        ObjectNode plan = solvedTree();
        ArrayNode routes = (ArrayNode) plan.get("routes");
        ObjectNode leg = null;
        for (int i = 0; i < routes.size() && leg == null; i++)
            if (!routes.get(i).get("legs").isEmpty()) leg = (ObjectNode) routes.get(i).get("legs").get(0);
        assertThat(leg).as("the plan has a route with legs").isNotNull();
        leg.remove("road");
        leg.put("lat", 34.5);
        assertThat(validate(plan.toString())).hasSize(2);
    }

    @Test
    void unknownTopLevelFieldAndNegativeUnmetAreBothReported() {
        ObjectNode plan = solvedTree();
        plan.put("secret", "x");
        ObjectNode unmet = Json.mapper().createObjectNode().put("location", "AF01").put("commodity", "CEREALS").put("tonnes", -1).put("severityWeight", 1);
        ((ArrayNode) plan.get("unmet")).add(unmet);
        assertThat(validate(plan.toString())).extracting(e -> e.getInstanceLocation().toString())
                .containsExactlyInAnyOrder("", "/unmet/" + (plan.get("unmet").size() - 1) + "/tonnes");
    }
}
