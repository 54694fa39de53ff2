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
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import org.corridor.solve.WorkerPool;
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

    @Test
    void aHubsOwnToursAreAWarmStartAskingTheFloorOfTheWorkAndTheSearchFromThemNeverDoesWorse() {
        // The plan's own instance: its tours carry every stop with the same tonnes (up to the plan's 3-decimal
        // rounding), so nothing changed and the search gets the floor, a tenth of the work; a local search only
        // moves to better solutions, so it ends at or below the tours' own objective and serves every stop.
        int started = 0;
        for (LastMile.Hub hub : LastMile.hubs(scenario, onePlan, onePlan.options())) {
            if (hub.problem == null) continue;
            LastMile.WarmStart w = LastMile.warmStart(hub, onePlan.lastMile());
            if (w == null || w.workLimit() == LastMile.WORK_LIMIT) continue; // no tour, or the plan itself left a stop unserved
            started++;
            assertThat(w.changed()).isLessThan(0.001 * hub.loads.size());
            assertThat(w.workLimit()).isEqualTo((long) Math.ceil(LastMile.WORK_LIMIT * LastMile.WARM_WORK_FLOOR));
            long startDistance = 0;
            List<Long> served = new java.util.ArrayList<>();
            for (long[] route : w.routes()) {
                long prev = 0;
                for (long node : route) { startDistance += hub.problem.distance((int) prev, (int) node); prev = node; served.add(node); }
                if (route.length > 0) startDistance += hub.problem.distance((int) prev, 0);
            }
            assertThat(served).doesNotHaveDuplicates().hasSize(hub.loads.size());
            RoutingSolution s = Router.solveFrom(hub.problem, w.routes(), Router.portfolio(1).get(0), 0,
                    new Router.Limit(LastMile.SECONDS_PER_MEMBER, w.workLimit()), () -> false);
            assertThat(s).isNotNull();
            assertThat(s.dropped()).isEmpty();
            assertThat(s.objective()).isLessThanOrEqualTo(startDistance);
        }
        assertThat(started).isPositive();
    }

    @Test
    void theWarmStartsWorkIsTheShareOfTheHubsCargoThatChanged() {
        // The same tours, but each stop carried half its tonnes before: half the hub's cargo changed, so half the work.
        // A tour whose vehicle is gone leaves its stops out of the start: they count as changed, and such a start gets the
        // whole work limit (from a start that leaves stops out, a share of it left cargo unrouted).
        LastMile.Hub hub = LastMile.hubs(scenario, onePlan, onePlan.options()).stream()
                .filter(h -> h.problem != null && LastMile.warmStart(h, onePlan.lastMile()) != null
                        && LastMile.warmStart(h, onePlan.lastMile()).workLimit() < LastMile.WORK_LIMIT)
                .findFirst().orElseThrow();
        List<Plan.LastMileTour> halved = onePlan.lastMile().stream().map(t -> withStops(t, t.vehicle(), t.stops().stream()
                .map(s -> new Plan.LastMileStop(s.point(), s.needsWomenStaff(), s.driveMinutes(), s.arrivalMinute(), s.windowOpen(),
                        s.windowClose(), s.serviceMinutes(), s.km(), s.tonnes() / 2, s.manifest(), s.loadAfterTonnes(), s.risk())).toList())).toList();
        LastMile.WarmStart w = LastMile.warmStart(hub, halved);
        assertThat(w.changed() / w.total()).isCloseTo(0.5, within(0.001));
        assertThat(w.workLimit()).isCloseTo(LastMile.WORK_LIMIT / 2, within(5L));

        List<Plan.LastMileTour> oneGone = new java.util.ArrayList<>(onePlan.lastMile());
        int first = oneGone.indexOf(oneGone.stream().filter(t -> t.hub().equals(hub.id) && !t.stops().isEmpty()).findFirst().orElseThrow());
        oneGone.set(first, withStops(oneGone.get(first), "a vehicle no longer at the hub", oneGone.get(first).stops()));
        LastMile.WarmStart without = LastMile.warmStart(hub, oneGone);
        assertThat(without.changed()).isCloseTo(oneGone.get(first).loadTonnes(), within(0.01));
        assertThat(without.workLimit()).isEqualTo(LastMile.WORK_LIMIT);
        assertThat(LastMile.warmStart(hub, List.of())).as("no previous tour at the hub").isNull();
    }

    @Test
    void aReSolveStartsTheHubWhoseCargoChangedFromItsPreviousToursAlikeForOneAndTwoThreads() {
        // The previous plan delivered 10 % more into one hub: only that hub's instance differs from the plan's, so
        // only it is searched again, from its previous tours (here the plan's own, a solution of its instance, so the
        // search keeps serving what they served); every other hub keeps its tours as they were.
        String hub = onePlan.lastMile().get(0).hub();
        List<Plan.Route> more = onePlan.routes().stream().map(r -> !r.destination().equals(hub) ? r
                : new Plan.Route(r.id(), r.agency(), r.commodity(), r.origin(), r.destination(), r.legs(), r.tonnesDispatched(),
                        r.tonnesDelivered() * 1.1, r.expectedDiversionTonnes(), r.departureDay(), r.arrivalDay())).toList();
        Plan previous = new Plan(onePlan.planId(), onePlan.version(), onePlan.scenario(), onePlan.options(), onePlan.kpis(), more,
                onePlan.unmet(), onePlan.solver(), onePlan.convoys(), onePlan.routeSchedules(), onePlan.convoySolver(), onePlan.lastMile(),
                onePlan.lastMileDropped(), onePlan.lastMilePoints(), onePlan.lastMileSolver());
        Plan one, two;
        try (WorkerPool pool = new WorkerPool(1)) { one = LastMile.plan(scenario, onePlan, pool, SolveControl.NONE, scenario, previous); }
        try (WorkerPool pool = new WorkerPool(2)) { two = LastMile.plan(scenario, onePlan, pool, SolveControl.NONE, scenario, previous); }

        assertThat(one.lastMileSolver().warmStarts()).containsOnlyKeys(hub);
        assertThat(one.lastMileSolver().deterministic()).isTrue();
        assertThat(Json.write(two.lastMile())).isEqualTo(Json.write(one.lastMile()));
        assertThat(one.lastMile().stream().filter(t -> !t.hub().equals(hub)).map(t -> t.vehicle() + t.stops()).toList())
                .isEqualTo(onePlan.lastMile().stream().filter(t -> !t.hub().equals(hub)).map(t -> t.vehicle() + t.stops()).toList());
        assertThat(one.lastMileDropped().stream().filter(d -> d.hub().equals(hub))).isEqualTo(onePlan.lastMileDropped().stream().filter(d -> d.hub().equals(hub)).toList());
    }

    private static Plan.LastMileTour withStops(Plan.LastMileTour t, String vehicle, List<Plan.LastMileStop> stops) {
        return new Plan.LastMileTour(t.id(), t.hub(), t.agency(), t.team(), vehicle, t.vehicleType(), t.payloadTonnes(), t.womenStaff(),
                t.day(), t.shiftStart(), t.shiftEnd(), t.departureMinute(), t.returnMinute(), t.returnDriveMinutes(), t.km(),
                t.loadTonnes(), t.risk(), stops);
    }
}

