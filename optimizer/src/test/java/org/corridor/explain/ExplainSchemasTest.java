package org.corridor.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.TestData;
import org.corridor.access.AccessRule;
import org.corridor.plan.Json;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.solve.SolveControl;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The explanation and frontier documents match data/schemas, and the schemas reject what they should. */
public class ExplainSchemasTest {

    /** A schema of data/schemas; a $ref to the plan schema resolves to data/schemas/plan.schema.json, never the network. */
    public static Schema schema(String file) throws IOException {
        Path dir = TestData.data().resolve("schemas");
        String plan = Files.readString(dir.resolve("plan.schema.json"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                        b -> b.schemas(Map.of("https://corridor.example.org/schemas/plan.schema.json", plan)))
                .getSchema(Files.readString(dir.resolve(file)));
    }

    /** A need behind a women-staff bar, another behind short stock: both kinds of entries appear. */
    static Scenario small() {
        return ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 100, 2, 1000, 0.01).road("AC", "A", "C", 100, 2, 1000, 0.02)
                .agency("UN1", 100, 10, Set.of("B")).commodity("NUTRITION", true).commodity("FOOD")
                .stock("UN1", "A", "NUTRITION", 100).stock("UN1", "A", "FOOD", 10)
                .need("B", "NUTRITION", 60, 4, 365).need("C", "FOOD", 50)
                .rule(new AccessRule.WomenStaffBarred("WSB-B", "B", Set.of(), ScenarioBuilder.TEST, DayWindow.ALWAYS)).build();
    }

    @Test
    void anExplanationMatchesItsSchema() throws IOException {
        Explanation e = Explainer.explain(small(), ExplainerTest.options(1), SolveControl.NONE);
        assertThat(e.whyUnmet()).hasSize(2);
        assertThat(schema("explain.schema.json").validate(Json.mapper().readTree(Json.write(e)))).isEmpty();
    }

    @Test
    void theExplanationSchemaRejectsAnUnknownCauseKindAndAMissingValue() throws IOException {
        Explanation e = Explainer.explain(small(), ExplainerTest.options(1), SolveControl.NONE);
        ObjectNode doc = (ObjectNode) Json.mapper().readTree(Json.write(e));
        ((ObjectNode) doc.get("whyUnmet").get(0).get("causes").get(0)).put("kind", "WEATHER");
        ((ObjectNode) doc.get("valueOfAccess").get(0)).remove("confirmedWeightedTonnes");
        assertThat(schema("explain.schema.json").validate(doc)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aFrontierMatchesItsSchemaAndNeedsAPlanPerPoint() throws IOException {
        FrontierReport r = Frontier.solve(FrontierTest.spokes(), FrontierTest.options(1), List.of(0.0, 0.05), SolveControl.NONE);
        JsonNode doc = Json.mapper().readTree(Json.write(r));
        Schema schema = schema("frontier.schema.json");
        assertThat(schema.validate(doc)).isEmpty();
        // a point's plan is checked against the plan schema itself
        ((ObjectNode) doc.get("points").get(0).get("plan").get("kpis")).remove("coverage");
        assertThat(schema.validate(doc)).isNotEmpty();
        ((ObjectNode) doc.get("points").get(0)).remove("plan");
        assertThat(schema.validate(doc)).isNotEmpty();
    }
}
