package org.corridor.convoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridor.convoy.ConvoyFixtures.TEST;
import static org.corridor.convoy.ConvoyFixtures.days;
import static org.corridor.convoy.ConvoyFixtures.trucks;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.corridor.SolvedPlans;
import org.corridor.TestData;
import org.corridor.access.AccessRule;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Field teams get their own convoys only, with the notes they need, in the documented wire format. */
class DispatchesTest {
    private static Schema schema;
    private static ConvoyFixtures.World world;
    private static Plan plan;

    @BeforeAll
    static void setUp() throws IOException {
        String text = Files.readString(TestData.data().resolve("schemas/dispatch.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
        // AG1 has trucks at W and at B, AG2 at W: three teams; C (P3) needs a permit, R2 an escort
        world = new ConvoyFixtures.World().road("R1", "W", "B", 4).road("R2", "B", "C", 3).need("B", 4, 9).need("C", 5, 9)
                .rule(new AccessRule.PermitRequired("PERMIT-P3", "P3", null, 1, 0.01, TEST, days(0, 30)))
                .rule(new AccessRule.EscortImposed("ESCORT-R2", "R2", 0.01, 1, TEST, days(0, 30)))
                .agency("AG1", trucks("T10", 10, 2, "W"), trucks("T10", 10, 2, "B"))
                .agency("AG2", trucks("T20", 20, 2, "W"))
                .route("AG1-B", "AG1", 20, 0.02, "R1").route("AG1-C", "AG1", 60, 0.05, "R1", "R2")
                .route("AG2-C", "AG2", 40, 0.05, "R1", "R2");
        plan = world.schedule(8);
    }

    @Test
    void aDispatchNeverContainsAnotherTeamsConvoysOrRoutes() {
        List<Dispatches.Team> teams = Dispatches.teams(plan);
        assertThat(teams).extracting(Dispatches.Team::id).contains("AG1@W", "AG2@W");
        for (Dispatches.Team team : teams) {
            Dispatch d = Dispatches.forTeam(world.scenario(), plan, team.agency(), team.hub());
            assertThat(d.convoys()).isNotEmpty();
            List<String> own = plan.convoys().stream().filter(c -> c.team().equals(team.id())).map(Plan.Convoy::id).toList();
            assertThat(d.convoys()).extracting(Dispatch.ConvoyOrder::id).containsExactlyInAnyOrderElementsOf(own);
            String json = Json.write(d);
            for (Plan.Convoy other : plan.convoys())
                if (!other.team().equals(team.id())) assertThat(json).doesNotContain("\"" + other.id() + "\"");
            List<String> ownRoutes = plan.convoys().stream().filter(c -> c.team().equals(team.id())).map(Plan.Convoy::route).toList();
            for (Plan.Route r : plan.routes())
                if (!ownRoutes.contains(r.id())) assertThat(json).doesNotContain("\"" + r.id() + "\"");
        }
    }

    @Test
    void legsCarryCheckpointsPermitAndEscortNotes() {
        Dispatch d = Dispatches.forTeam(world.scenario(), plan, "AG2", "W");
        Dispatch.ConvoyOrder c = d.convoys().get(0);
        assertThat(c.legs()).extracting(Dispatch.Leg::road).containsExactly("R1", "R2");
        assertThat(c.legs().get(0).checkpoints()).isEqualTo(1);
        assertThat(c.legs().get(1).notes()).anyMatch(n -> n.contains("PERMIT-P3")).anyMatch(n -> n.contains("ESCORT-R2"));
        assertThat(c.legs().get(0).notes()).isEmpty();
        // 7 hours of driving on a 10-hour day: leave between 06:00 and 09:00
        assertThat(c.departureWindow()).isEqualTo(new Dispatch.DepartureWindow(c.departureDay(), "06:00", "09:00"));
        assertThat(d.sensitivity()).isEqualTo("HIGH");
        assertThat(d.planId()).isEqualTo(plan.planId());
        assertThat(d.changesSincePrevious()).isEmpty();
    }

    @Test
    void everyDispatchMatchesTheSchema() {
        for (Dispatches.Team t : Dispatches.teams(plan))
            assertThat(schema.validate(Json.write(Dispatches.forTeam(world.scenario(), plan, t.agency(), t.hub())), InputFormat.JSON)).isEmpty();
    }

    @Test
    void everyAfghanistanDispatchMatchesTheSchema() {
        Plan afghan = SolvedPlans.afghanistanPlan();
        assertThat(Dispatches.teams(afghan)).isNotEmpty();
        for (Dispatches.Team t : Dispatches.teams(afghan))
            assertThat(schema.validate(Json.write(Dispatches.forTeam(SolvedPlans.afghanistan(), afghan, t.agency(), t.hub())), InputFormat.JSON)).isEmpty();
    }

    @Test
    void schemaRejectsAnUnlabelledDispatchAndCoordinatesInALeg() {
        ObjectNode d = (ObjectNode) Json.mapper().readTree(Json.write(Dispatches.forTeam(world.scenario(), plan, "AG2", "W")));
        d.remove("sensitivity");
        ((ObjectNode) d.get("convoys").get(0).get("legs").get(0)).put("lat", 34.5);
        assertThat(schema.validate(d.toString(), InputFormat.JSON)).extracting(e -> e.getInstanceLocation().toString())
                .containsExactlyInAnyOrder("", "/convoys/0/legs/0");
    }

    @Test
    void teamWithoutOrdersGetsAnEmptyDispatch() {
        Dispatch d = Dispatches.forTeam(world.scenario(), plan, "AG2", "B");
        assertThat(d.convoys()).isEmpty();
        assertThat(d.team()).isEqualTo("AG2@B");
    }
}
