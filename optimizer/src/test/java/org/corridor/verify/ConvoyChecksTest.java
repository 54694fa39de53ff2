package org.corridor.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridor.verify.HandPlan.SOURCE;
import static org.corridor.verify.HandPlan.days;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.plan.Plan.Convoy;
import org.corridor.scenario.Need;
import org.corridor.scenario.Scenario;
import org.corridor.verify.Violation.Code;
import org.junit.jupiter.api.Test;

/**
 * Convoys for {@link HandPlan}, worked out by hand, then broken one way at a time. With 8 driving hours
 * a day and 1 loading day, every route (4 or 2 hours) arrives the day after it leaves and commits its
 * trucks for max(1 + ceil(2 x 4 / 8), 2) = 2 days. AG1 has 5 T10 at EP, AG2 5 T10 at KAB.
 * C1: T1's 50 t in AG1's 5 trucks on day 0; C2: T2's 10 t in 1 truck on day 2, when C1's trucks are
 * back; C3: T3's 40 t in 4 of AG2's trucks on day 0. Diversion = tonnes x the route's loss share.
 */
class ConvoyChecksTest {
    static final Plan.ConvoyRecord RECORD = new Plan.ConvoyRecord("DETERMINISTIC", true, "", 2, "OPTIMAL", 8.0, 1, 0, 0, 8, 18.8, Map.of());

    static Convoy convoy(String id, String agency, String hub, String route, int dep, int trucks, String commodity, double tonnes, double diversion) {
        return new Convoy(id, agency, hub, Plan.teamId(agency, hub), route, dep, dep + 1, dep, dep + 1, Map.of("T10", trucks), Map.of(commodity, tonnes), diversion);
    }

    static List<Convoy> convoys() {
        return List.of(convoy("C1", "AG1", "EP", "T1", 0, 5, "FOOD", 50, 14),
                convoy("C2", "AG1", "EP", "T2", 2, 1, "NUT", 10, 2.8),
                convoy("C3", "AG2", "KAB", "T3", 0, 4, "FOOD", 40, 2));
    }

    static Plan plan(List<Convoy> convoys) {
        List<Plan.RouteSchedule> schedules = new ArrayList<>();
        for (Plan.Route r : HandPlan.routes()) {
            double carried = convoys.stream().filter(c -> c.route().equals(r.id())).mapToDouble(c -> c.manifest().values().stream().mapToDouble(Double::doubleValue).sum()).sum();
            schedules.add(new Plan.RouteSchedule(r.id(), r.agency(), r.tonnesDispatched(), carried, Plan.Shortfall.NONE, "hand"));
        }
        return HandPlan.plan().withConvoys(convoys, schedules, RECORD);
    }

    static Plan with(int index, Convoy replacement) {
        List<Convoy> cs = new ArrayList<>(convoys());
        cs.set(index, replacement);
        return plan(cs);
    }

    static List<Code> codes(Scenario s, Plan p) { return PlanVerifier.verify(s, p).stream().map(Violation::code).toList(); }

    @Test
    void handWorkedConvoysAreValid() {
        assertThat(PlanVerifier.verify(HandPlan.scenario(), plan(convoys()))).isEmpty();
    }

    @Test
    void trucksStillOnTheirRoundTripCannotLeaveAgain() {
        // C2 on day 1: C1's 5 trucks are busy on days 0..1, so day 1 needs 6 of AG1's 5 T10 at EP
        Plan p = with(1, convoy("C2", "AG1", "EP", "T2", 1, 1, "NUT", 10, 2.8));
        assertThat(PlanVerifier.verify(HandPlan.scenario(), p)).extracting(Violation::code, Violation::objectId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Code.FLEET_EXCEEDED, "AG1/T10/EP"));
    }

    @Test
    void convoyLargerThanTheProvinceCapIsCaught() {
        // R2 ends in AF02; a cap of 3 there is broken by C1's 5 trucks (C2's single truck is fine)
        Scenario s = HandPlan.scenario(List.of(new AccessRule.ConvoySizeLimit("CAP3", "AF02", 3, SOURCE, days(0, 30))));
        assertThat(PlanVerifier.verify(s, plan(convoys()))).extracting(Violation::code, Violation::objectId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Code.CONVOY_CAP, "AG1/R2/0"));
    }

    @Test
    void convoyOnARoadClosedThatDayIsCaught() {
        // R3 closed on day 5 only: the route (days 0..1) is fine, a convoy leaving on day 5 is not
        Scenario s = HandPlan.scenario(List.of(new AccessRule.RoadClosed("SHUT5", "R3", SOURCE, days(5, 5))));
        Plan p = with(2, convoy("C3", "AG2", "KAB", "T3", 5, 4, "FOOD", 40, 2));
        assertThat(PlanVerifier.verify(s, p)).extracting(Violation::code, Violation::objectId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Code.CONVOY_TIMING, "C3"));
    }

    @Test
    void convoyArrivingAfterTheNeedsLastUsefulDayIsCaught() {
        // C/FOOD useful until day 6: the route arrives on day 1, a convoy leaving on day 6 arrives on day 7
        Scenario s = HandPlan.scenario(r -> r, a -> a, st -> st,
                n -> List.of(n.get(0), n.get(1), new Need("C", "FOOD", 50, 3, 6, 5000)));
        Plan p = with(2, convoy("C3", "AG2", "KAB", "T3", 6, 4, "FOOD", 40, 2));
        assertThat(PlanVerifier.verify(s, p)).extracting(Violation::code, Violation::objectId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Code.CONVOY_TIMING, "C3"));
    }

    @Test
    void permitDelayIsEnforcedOnTheDepartureDay() {
        // a 3-day permit for AF03 (C's province): C3 leaving on day 0 breaks it, leaving on day 3 does not
        // (the route itself is reported by the route timing family either way)
        Scenario s = HandPlan.scenario(List.of(new AccessRule.PermitRequired("PERMIT", "AF03", null, 3, 0, SOURCE, days(0, 30))));
        Plan early = plan(convoys());
        Plan late = with(2, convoy("C3", "AG2", "KAB", "T3", 3, 4, "FOOD", 40, 2));
        assertThat(PlanVerifier.verify(s, early)).extracting(Violation::code, Violation::objectId).contains(org.assertj.core.groups.Tuple.tuple(Code.CONVOY_TIMING, "C3"));
        assertThat(PlanVerifier.verify(s, late)).extracting(Violation::code).doesNotContain(Code.CONVOY_TIMING);
    }

    @Test
    void roundTripShorterThanItsDrivingIsCaught() {
        Convoy c = new Convoy("C3", "AG2", "KAB", "AG2@KAB", "T3", 0, 1, 0, 1, Map.of("T10", 4), Map.of("FOOD", 40.0), 2);
        Plan.ConvoyRecord slowLoading = new Plan.ConvoyRecord("DETERMINISTIC", true, "", 2, "OPTIMAL", 8.0, 2, 0, 0, 8, 18.8, Map.of());
        Plan p = plan(List.of(convoys().get(0), convoys().get(1), c));
        Plan q = p.withConvoys(p.convoys(), p.routeSchedules(), slowLoading);
        // with 2 loading days every 2-day commitment is too short
        assertThat(codes(HandPlan.scenario(), q)).containsExactly(Code.CONVOY_TIMING, Code.CONVOY_TIMING, Code.CONVOY_TIMING);
    }

    @Test
    void manifestBeyondTheTrucksAndTheRouteIsCaught() {
        // 45 t in 4 trucks of 10 t, on a route of 40 t, with the schedule still saying 40 t
        List<Convoy> cs = new ArrayList<>(convoys());
        cs.set(2, convoy("C3", "AG2", "KAB", "T3", 0, 4, "FOOD", 45, 2.25));
        Plan p = plan(convoys()).withConvoys(cs, plan(convoys()).routeSchedules(), RECORD);
        assertThat(PlanVerifier.verify(HandPlan.scenario(), p)).extracting(Violation::code, Violation::objectId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Code.CONVOY_MANIFEST, "C3"),
                        org.assertj.core.groups.Tuple.tuple(Code.CONVOY_MANIFEST, "T3"),
                        org.assertj.core.groups.Tuple.tuple(Code.CONVOY_MANIFEST, "T3"));
    }

    @Test
    void wrongDiversionOnAConvoyIsCaught() {
        Plan p = with(2, convoy("C3", "AG2", "KAB", "T3", 0, 4, "FOOD", 40, 0));
        assertThat(codes(HandPlan.scenario(), p)).containsExactly(Code.CONVOY_MANIFEST);
    }

    @Test
    void convoyOfAnotherAgencysRouteOrUnknownVehiclesIsCaught() {
        Plan p = with(2, new Convoy("C3", "AG2", "KAB", "AG2@KAB", "T1", 0, 1, 0, 1, Map.of("T40", 1), Map.of("FOOD", 40.0), 2));
        assertThat(codes(HandPlan.scenario(), p)).contains(Code.CONVOY_REFERENCE);
        assertThat(PlanVerifier.verify(HandPlan.scenario(), p)).filteredOn(v -> v.code() == Code.CONVOY_REFERENCE).hasSize(2);
    }
}
