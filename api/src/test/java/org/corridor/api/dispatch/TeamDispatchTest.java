package org.corridor.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.corridor.plan.Plan;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.Test;

class TeamDispatchTest {

    private static Plan.Route route(String id, String agency) {
        return new Plan.Route(id, agency, "CEREALS", "AF01", "AF02",
                List.of(new Plan.Leg("R1", "AF01", "AF02", 80, 2, 0.01, 10, 9.9)), 10, 9.9, 0.1, 0, 1);
    }

    private static Plan.Convoy convoy(String id, String agency, String hub, String route) {
        return new Plan.Convoy(id, agency, hub, Plan.teamId(agency, hub), route, 0, 1, 0, 2, Map.of("TRUCK_10T", 1), Map.of("CEREALS", 10.0), 0.1);
    }

    /** Three teams share a plan: same agency at another hub, another agency at the same hub. */
    @Test
    void aTeamReceivesOnlyItsOwnConvoysAndTheRoutesTheyDrive() {
        Plan plan = new Plan("p-1", 3, "test", SolveOptions.DEFAULTS, null,
                List.of(route("R-A", "UN_FOOD"), route("R-B", "UN_FOOD"), route("R-C", "UN_CHILD")), List.of(), null,
                List.of(convoy("C1", "UN_FOOD", "AF01", "R-A"), convoy("C2", "UN_FOOD", "AF06", "R-B"),
                        convoy("C3", "UN_CHILD", "AF01", "R-C"), convoy("C4", "UN_FOOD", "AF01", "R-A")),
                List.of(), null);

        TeamDispatch d = TeamDispatch.of(plan, "UN_FOOD", "AF01");

        assertThat(d.team()).isEqualTo("UN_FOOD@AF01");
        assertThat(d.convoys()).extracting(Plan.Convoy::id).containsExactly("C1", "C4");
        assertThat(d.routes()).extracting(Plan.Route::id).containsExactly("R-A");
        assertThat(d.planId()).isEqualTo("p-1");
        assertThat(d.version()).isEqualTo(3);
        assertThat(d.sensitivity()).isEqualTo("HIGH");
        assertThat(TeamDispatch.of(plan, "UN_FOOD", "AF02").convoys()).isEmpty();
    }
}
