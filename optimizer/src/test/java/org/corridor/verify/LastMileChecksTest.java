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
}
