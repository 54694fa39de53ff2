package org.corridor.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.corridor.TestData;
import org.corridor.access.AccessRule;
import org.corridor.convoy.Dispatch;
import org.corridor.convoy.Dispatches;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.junit.jupiter.api.Test;

/** A field team's dispatch carries its own changes since the previous version, each with its cause, in the documented format. */
class DispatchChangesTest {

    @Test
    void aTeamsDispatchListsOnlyItsOwnChangesWithTheEventThatCausedThem() throws IOException {
        Scenario base = ResolverTest.fork();
        Plan before = ResolverTest.coldWithConvoys(base);
        List<Event> events = List.of(new Event.RuleAdded("E-HS", ResolverTest.WHO,
                new AccessRule.RoadClosed("R-HS", "HS", ScenarioBuilder.TEST, DayWindow.ALWAYS)));
        Plan after = ResolverTest.resolve(base, before, events, ResolveOptions.DEFAULTS);
        PlanDiff diff = PlanDiff.between(base, before, after, events);
        Scenario next = ScenarioVersion.apply(base, events);
        var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(TestData.data().resolve("schemas/dispatch.schema.json")), InputFormat.JSON);

        // WFP feeds S over the closed road HS; UNICEF's convoys to N touch nothing the event changes
        Dispatch wfp = null, unicef = null;
        for (Dispatches.Team t : Dispatches.teams(after)) {
            Dispatch d = Dispatches.forTeam(next, after, t.agency(), t.hub()).withChanges(diff.changesFor(t.id()));
            assertThat(schema.validate(Json.write(d), InputFormat.JSON)).as(t.id()).isEmpty();
            if (t.agency().equals("WFP")) wfp = d;
            if (t.agency().equals("UNICEF")) unicef = d;
        }
        assertThat(wfp).isNotNull();
        assertThat(unicef).isNotNull();
        assertThat(wfp.changesSincePrevious()).isNotEmpty().allSatisfy(c -> assertThat(c.cause()).isEqualTo("E-HS"));
        assertThat(unicef.changesSincePrevious()).isEmpty();
        // what the team is told is exactly its part of the diff
        int wfpChanges = diff.onlyTeam(wfp.team()).changedConvoys();
        assertThat(wfp.changesSincePrevious()).hasSize(wfpChanges);
        assertThat(diff.onlyTeam(wfp.team()).teams()).extracting(PlanDiff.TeamChanges::team).containsExactly(wfp.team());
    }
}
