package org.corridor.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.corridor.access.AccessRule;
import org.corridor.lastmile.LastMile;
import org.corridor.plan.Plan;
import org.corridor.scenario.Agency;
import org.corridor.scenario.Scenario;
import org.corridor.solve.SolveControl;
import org.corridor.solve.WorkerPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier's last-mile families on the hand plan: the stage's own tours pass, and each kind of
 * corruption is caught under its own code (and only that code).
 */
class LastMileChecksTest {
    static Scenario scenario;
    static Plan plan;

    @BeforeAll
    static void routeTheHandPlan() {
        scenario = HandPlan.scenario();
        try (WorkerPool pool = new WorkerPool(2)) {
            plan = LastMile.plan(scenario, HandPlan.plan(), pool, SolveControl.NONE);
        }
    }

    static List<Violation.Code> codes(Scenario s, Plan p) {
        return PlanVerifier.verify(s, p).stream().map(Violation::code).distinct().toList();
    }

    /** The plan with the first tour (the one serving a women-staff stop when {@code women}) edited. */
    static Plan withTour(boolean women, UnaryOperator<Plan.LastMileTour> edit) {
        List<Plan.LastMileTour> tours = new ArrayList<>(plan.lastMile());
        int i = 0;
        while (women && tours.get(i).stops().stream().noneMatch(Plan.LastMileStop::needsWomenStaff)) i++;
        tours.set(i, edit.apply(tours.get(i)));
        return plan.withLastMile(tours, plan.lastMileDropped(), plan.lastMilePoints(), plan.lastMileSolver());
    }

    static Plan.LastMileTour tour(Plan.LastMileTour t, int departure, double payload, double load, double risk, List<Plan.LastMileStop> stops) {
        return new Plan.LastMileTour(t.id(), t.hub(), t.agency(), t.team(), t.vehicle(), t.vehicleType(), payload, t.womenStaff(), t.day(),
                t.shiftStart(), t.shiftEnd(), departure, t.returnMinute(), t.returnDriveMinutes(), t.km(), load, risk, stops);
    }

    static Plan.LastMileStop stop(Plan.LastMileStop s, int arrival, double risk, Map<String, Double> manifest) {
        return new Plan.LastMileStop(s.point(), s.needsWomenStaff(), s.driveMinutes(), arrival, s.windowOpen(), s.windowClose(), s.serviceMinutes(),
                s.km(), s.tonnes(), manifest, s.loadAfterTonnes(), risk);
    }

    @Test
    void theStagesOwnToursPass() {
        assertThat(plan.lastMile()).isNotEmpty();
        // B needs NUT, which needs women staff: some tour at B carries it
        assertThat(plan.lastMile()).anySatisfy(t -> assertThat(t.stops()).anyMatch(Plan.LastMileStop::needsWomenStaff));
        assertThat(PlanVerifier.verify(scenario, plan)).isEmpty();
    }

    @Test
    void serviceAfterTheWindowClosesIsCaught() {
        Plan bad = withTour(false, t -> {
            List<Plan.LastMileStop> stops = new ArrayList<>(t.stops());
            Plan.LastMileStop last = stops.get(stops.size() - 1);
            stops.set(stops.size() - 1, stop(last, last.windowClose() + 1, last.risk(), last.manifest()));
            return tour(t, t.departureMinute(), t.payloadTonnes(), t.loadTonnes(), t.risk(), stops);
        });
        assertThat(codes(scenario, bad)).containsExactly(Violation.Code.LAST_MILE_TIME_WINDOW);
    }

    @Test
    void leavingBeforeTheShiftIsCaught() {
        Plan bad = withTour(false, t -> tour(t, t.shiftStart() - 10, t.payloadTonnes(), t.loadTonnes(), t.risk(), t.stops()));
        assertThat(codes(scenario, bad)).containsExactly(Violation.Code.LAST_MILE_TIME_WINDOW);
    }

    @Test
    void overloadIsCaught() {
        // The tour's vehicle is AG1's T10 (10 t) or an illustrative truck: claiming a smaller payload than
        // the load it carries breaks capacity (and, for a fleet type, misstates its payload).
        Plan bad = withTour(false, t -> tour(t, t.departureMinute(), t.loadTonnes() / 2, t.loadTonnes(), t.risk(), t.stops()));
        assertThat(codes(scenario, bad)).containsExactly(Violation.Code.LAST_MILE_CAPACITY);
    }

    @Test
    void riskAboveTheRouteCapIsCaught() {
        double over = HandPlan.OPTIONS.routeRiskCap() + 0.01;
        Plan bad = withTour(false, t -> {
            List<Plan.LastMileStop> stops = new ArrayList<>(t.stops());
            Plan.LastMileStop last = stops.get(stops.size() - 1);
            stops.set(stops.size() - 1, stop(last, last.arrivalMinute(), over, last.manifest()));
            return tour(t, t.departureMinute(), t.payloadTonnes(), t.loadTonnes(), over, stops);
        });
        assertThat(codes(scenario, bad)).containsExactly(Violation.Code.LAST_MILE_RISK_CAP);
    }

    @Test
    void womenStaffStopServedWhereTheTeamMayNotIsCaught() {
        // AG1 fields women staff in AF02 (hub B): the stage's tours pass; a bar on AF02 without an
        // exemption for AG1 on the tour's day makes the same tours a violation (the route bringing the
        // NUT is then flagged too, by the route-level family).
        AccessRule bar = new AccessRule.WomenStaffBarred("BAR-AF02", "AF02", Set.of(), HandPlan.SOURCE, HandPlan.days(0, 30));
        assertThat(codes(HandPlan.scenario(List.of(bar)), plan)).contains(Violation.Code.LAST_MILE_WOMEN_STAFF);
        AccessRule exempt = new AccessRule.WomenStaffBarred("BAR-AF02", "AF02", Set.of("AG1"), HandPlan.SOURCE, HandPlan.days(0, 30));
        assertThat(codes(HandPlan.scenario(List.of(exempt)), plan)).isEmpty();
    }

    @Test
    void aStopMislabelledAsNotNeedingWomenStaffIsCaught() {
        Plan bad = withTour(true, t -> {
            List<Plan.LastMileStop> stops = new ArrayList<>();
            for (Plan.LastMileStop s : t.stops())
                stops.add(new Plan.LastMileStop(s.point(), false, s.driveMinutes(), s.arrivalMinute(), s.windowOpen(), s.windowClose(),
                        s.serviceMinutes(), s.km(), s.tonnes(), s.manifest(), s.loadAfterTonnes(), s.risk()));
            return tour(t, t.departureMinute(), t.payloadTonnes(), t.loadTonnes(), t.risk(), stops);
        });
        assertThat(codes(scenario, bad)).containsExactly(Violation.Code.LAST_MILE_WOMEN_STAFF);
    }

    /*
     * Fleet shared by convoys and the last mile. AG2 gets three 2 t trucks (T2) based at C, the hub of
     * route T3: 38 t arrive on day 1 and are spread over the 9 days left, 4.22 t a day. The team asks
     * min(3, ceil(4.22 / 2) + 1, 6) = 3 trucks, and 4.22 t in loads of at most 2 t need all 3. A convoy
     * of AG2 based at C that holds k of them on day 1 leaves 3 - k: with k = 2 one truck carries
     * 0.9 x 2 = 1.8 t and 2.42 t wait; with k = 3 nothing is routed at C and all 4.22 t wait.
     */
    static final Scenario TRUCKS_AT_C = HandPlan.scenario(roads -> roads,
            agencies -> List.of(agencies.get(0), new Agency("AG2", "Agency two", Agency.Type.NNGO, Set.of(),
                    List.of(new Agency.Vehicle("T10", 10, 5, "KAB"), new Agency.Vehicle("T2", 2, 3, "C")))),
            stocks -> stocks, needs -> needs);

    /** The hand plan with a convoy of AG2 based at C that holds {@code k} T2 trucks on days 0..2 (none when k = 0). */
    static Plan awayFromC(int k) {
        List<Plan.Convoy> convoys = k == 0 ? List.of()
                : List.of(new Plan.Convoy("AWAY", "AG2", "C", Plan.teamId("AG2", "C"), "T3", 0, 1, 0, 2, Map.of("T2", k), Map.of("FOOD", 2.0 * k), 0));
        List<Plan.RouteSchedule> schedules = HandPlan.routes().stream()
                .map(r -> new Plan.RouteSchedule(r.id(), r.agency(), r.tonnesDispatched(), r.tonnesDispatched(), Plan.Shortfall.NONE, "hand")).toList();
        return HandPlan.plan().withConvoys(convoys, schedules, ConvoyChecksTest.RECORD);
    }

    static Plan routed(Plan p) {
        try (WorkerPool pool = new WorkerPool(2)) {
            return LastMile.plan(TRUCKS_AT_C, p, pool, SolveControl.NONE);
        }
    }

    static Set<String> trucksAtC(Plan p) {
        return p.lastMile().stream().filter(t -> t.hub().equals("C") && t.vehicleType().equals("T2")).map(Plan.LastMileTour::vehicle)
                .collect(java.util.stream.Collectors.toSet());
    }

    static double waitingAtC(Plan p) {
        return p.lastMileDropped().stream().filter(d -> d.hub().equals("C") && d.reason().equals("FLEET_EXHAUSTED")).mapToDouble(Plan.LastMileDrop::tonnes).sum();
    }

    @Test
    void theLastMileUsesOnlyTheTrucksConvoysLeaveAtTheHub() {
        Plan none = routed(awayFromC(0)), two = routed(awayFromC(2)), all = routed(awayFromC(3));
        assertThat(trucksAtC(none)).hasSize(3);
        assertThat(waitingAtC(none)).isZero();
        assertThat(trucksAtC(two)).hasSize(1);
        assertThat(waitingAtC(two)).isCloseTo(38.0 / 9 - 1.8, org.assertj.core.api.Assertions.within(0.01));
        assertThat(trucksAtC(all)).isEmpty();
        assertThat(waitingAtC(all)).isCloseTo(38.0 / 9, org.assertj.core.api.Assertions.within(0.01));
        for (Plan p : List.of(none, two, all)) assertThat(codes(TRUCKS_AT_C, p)).doesNotContain(Violation.Code.FLEET_EXCEEDED);
    }

    @Test
    void toursAndConvoysTogetherOverTheFleetAreCaught() {
        // the three tours routed with every truck at home, then a convoy holding two of them that day: 5 > 3
        Plan home = routed(awayFromC(0));
        Plan bad = awayFromC(2).withLastMile(home.lastMile(), home.lastMileDropped(), home.lastMilePoints(), home.lastMileSolver());
        assertThat(PlanVerifier.verify(TRUCKS_AT_C, bad)).filteredOn(v -> v.code() == Violation.Code.FLEET_EXCEEDED)
                .extracting(Violation::objectId).containsExactly("AG2/T2/C");
    }

    @Test
    void moreTourVehiclesThanTheFleetHasAreCaught() {
        // a fourth T2 tour at C on the same day, with no convoy at all: 4 > 3
        Plan home = routed(awayFromC(0));
        List<Plan.LastMileTour> tours = new ArrayList<>(home.lastMile());
        Plan.LastMileTour t = tours.stream().filter(x -> x.vehicleType().equals("T2")).findFirst().orElseThrow();
        tours.add(new Plan.LastMileTour(t.id() + "-X", t.hub(), t.agency(), t.team(), "AG2-T2-4", t.vehicleType(), t.payloadTonnes(), t.womenStaff(),
                t.day(), t.shiftStart(), t.shiftEnd(), t.departureMinute(), t.returnMinute(), t.returnDriveMinutes(), t.km(), t.loadTonnes(), t.risk(), t.stops()));
        Plan bad = home.withLastMile(tours, home.lastMileDropped(), home.lastMilePoints(), home.lastMileSolver());
        assertThat(codes(TRUCKS_AT_C, bad)).contains(Violation.Code.FLEET_EXCEEDED);
        assertThat(codes(TRUCKS_AT_C, home)).doesNotContain(Violation.Code.FLEET_EXCEEDED);
    }
}
