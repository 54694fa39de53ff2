package org.corridor.lastmile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.corridor.TestData;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.Location;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LastMileTest {
    static Scenario scenario;
    static Plan onePlan, twoPlan;

    @BeforeAll
    static void solveTwice() {
        scenario = ScenarioLoader.load(TestData.afghanistan());
        onePlan = Planner.solve(scenario, new SolveOptions(30, null, 0.01, 0.25, 0.0, 30, 1, 4711));
        twoPlan = Planner.solve(scenario, new SolveOptions(30, null, 0.01, 0.25, 0.0, 30, 2, 4711));
    }

    @Test
    void afghanistanPlanHasToursFromEveryHubWithDeliveries() {
        long hubs = onePlan.routes().stream().filter(r -> r.tonnesDelivered() > 1e-9).map(Plan.Route::destination).distinct().count();
        assertThat(onePlan.lastMileSolver().hubs()).isEqualTo(hubs);
        assertThat(onePlan.lastMile()).isNotEmpty();
        assertThat(onePlan.lastMile().stream().map(Plan.LastMileTour::hub).distinct().count()).isEqualTo(hubs);
        assertThat(onePlan.lastMilePoints()).allSatisfy(p -> assertThat(p.illustrative()).isTrue());
        // 8-40 km as the crow flies, times the road factor 1.3
        assertThat(onePlan.lastMilePoints()).allSatisfy(p -> assertThat(p.kmFromHub()).isBetween(8 * 1.3 - 0.01, 40 * 1.3 + 0.01));
    }

    @Test
    void everyTourRespectsItsWindowsCapacityRiskCapAndWomenStaffRule() {
        for (Plan.LastMileTour t : onePlan.lastMile()) {
            assertThat(t.loadTonnes()).isLessThanOrEqualTo(t.payloadTonnes() + 1e-6);
            assertThat(t.risk()).isLessThanOrEqualTo(onePlan.options().routeRiskCap() + 1e-6);
            assertThat(t.departureMinute()).isGreaterThanOrEqualTo(t.shiftStart());
            assertThat(t.returnMinute()).isLessThanOrEqualTo(t.shiftEnd());
            for (Plan.LastMileStop s : t.stops()) {
                assertThat(s.arrivalMinute()).isBetween(s.windowOpen(), s.windowClose());
                if (s.needsWomenStaff()) assertThat(t.womenStaff()).isTrue();
            }
        }
    }

    @Test
    void lastMileIsIdenticalWithOneAndTwoThreads() {
        assertThat(onePlan.lastMileSolver().deterministic()).isTrue();
        assertThat(Json.write(twoPlan.lastMile())).isEqualTo(Json.write(onePlan.lastMile()));
        assertThat(Json.write(twoPlan.lastMileDropped())).isEqualTo(Json.write(onePlan.lastMileDropped()));
    }

    @Test
    void daylightInKabulOnTheFirstOfDecemberIsAboutTenHours() {
        // Published day length for Kabul (34.5 N) on 1 December: 9 h 55 min; the approximation must be within 15 min.
        int[] light = LastMile.daylight(34.53, LocalDate.of(2026, 12, 1));
        assertThat(light[1] - light[0]).isCloseTo(595, within(15));
        assertThat(light[0] + light[1]).isEqualTo(1440);   // centred on solar noon
        int[] equinox = LastMile.daylight(0, LocalDate.of(2026, 3, 21));
        assertThat(equinox[1] - equinox[0]).isCloseTo(720, within(2));
    }

    @Test
    void illustrativePointsFollowTheDocumentedRule() {
        Location kabul = scenario.locationsById().get("AF01");
        List<LastMile.Site> points = LastMile.points(kabul, 4711);
        // 5.38 M people: ceil(5.38 M / 400 000) = 14, clamped to 8 points
        assertThat(points).hasSize(8);
        assertThat(points.stream().mapToDouble(LastMile.Site::share).sum()).isCloseTo(1.0, within(1e-5));
        for (LastMile.Site p : points) {
            double km = LastMile.greatCircleKm(new double[] {kabul.lat(), kabul.lon()}, new double[] {p.lat(), p.lon()});
            assertThat(km).isBetween(7.9, 40.1);
        }
        assertThat(LastMile.points(kabul, 4711)).isEqualTo(points);
        assertThat(LastMile.points(kabul, 4712)).isNotEqualTo(points);
    }
}
