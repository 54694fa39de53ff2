package org.corridor.lastmile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        // a hub whose trucks are all away on convoys that day has no tours: all its cargo waits (FLEET_EXHAUSTED)
        Set<String> toured = new TreeSet<>(onePlan.lastMile().stream().map(Plan.LastMileTour::hub).toList());
        Set<String> waiting = new TreeSet<>(onePlan.lastMileDropped().stream().map(Plan.LastMileDrop::hub).filter(h -> !toured.contains(h)).toList());
        assertThat(onePlan.lastMileDropped()).filteredOn(d -> waiting.contains(d.hub())).allSatisfy(d -> assertThat(d.reason()).isEqualTo("FLEET_EXHAUSTED"));
        assertThat(toured.size() + waiting.size()).isEqualTo(hubs);
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
    void toursOfInterchangeableVehiclesGetTheSameLabelsWhicheverPermutationTheSearchReturned() {
        // Hub AF18 fields only identical 5 t illustrative trucks (same capacity, risk cap, women staff,
        // shift): any permutation of the vehicles in a solution is an equally good solution, so the
        // canonical labelling of a solution and of its vehicle-reversed copy must be the same tours.
        LastMile.Hub hub = LastMile.hubs(scenario, onePlan, onePlan.options()).stream().filter(h -> h.id.equals("AF18")).findFirst().orElseThrow();
        List<RoutingProblem.Vehicle> vehicles = hub.problem.vehicles();
        assertThat(vehicles).extracting(v -> List.of(v.capacity(), v.riskCap(), v.womenStaff(), v.shiftStart(), v.shiftEnd(), v.fixedCost()))
                .containsOnly(List.of(vehicles.get(0).capacity(), vehicles.get(0).riskCap(), vehicles.get(0).womenStaff(), vehicles.get(0).shiftStart(),
                        vehicles.get(0).shiftEnd(), vehicles.get(0).fixedCost()));
        RoutingSolution found = Router.solveMember(hub.problem, Router.portfolio(1).get(0), 0, new Router.Limit(3, 1000), () -> false);
        assertThat(found.tours()).hasSizeGreaterThan(1);
        List<RoutingSolution.Tour> reversed = found.tours().stream().map(t -> new RoutingSolution.Tour(vehicles.size() - 1 - t.vehicle(), t.visits(),
                t.distance(), t.load(), t.risk(), t.departure(), t.returnTime())).toList();
        assertThat(reversed).isNotEqualTo(found.tours());
        assertThat(hub.canonical(reversed)).isEqualTo(hub.canonical(found.tours()));
        // relabelling keeps every tour's stops and times, only the vehicle changes
        assertThat(hub.canonical(found.tours())).extracting(RoutingSolution.Tour::visits)
                .containsExactlyInAnyOrderElementsOf(found.tours().stream().map(RoutingSolution.Tour::visits).toList());
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
