package org.corridor.convoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridor.convoy.ConvoyFixtures.TEST;
import static org.corridor.convoy.ConvoyFixtures.days;
import static org.corridor.convoy.ConvoyFixtures.trucks;

import java.util.List;
import org.corridor.access.AccessRule;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.junit.jupiter.api.Test;

/**
 * Hand-sized convoy instances whose optimum is known by hand. Unless said otherwise: days of 10 hours
 * of driving, 1 loading day, so a 5-hour route leaving on day d arrives on day d + ceil(5 / 10) = d + 1,
 * and a truck based at the origin is busy max(1 + ceil(2 x 5 / 10), 2) = 2 days per trip.
 */
class ConvoySchedulerTest {

    @Test
    void oneTruckIsReusedOnEveryOtherDay() {
        // 1 truck of 10 t, 30 t asked, deadline day 5 -> departures 0..4; each trip blocks the truck 2 days,
        // so at most 3 trips fit (0, 2, 4): all 30 t, 3 trips, 6 truck-days is optimal.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 5)
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1").schedule(10);

        assertThat(p.convoys()).hasSize(3).allSatisfy(c -> assertThat(c.trucks()).containsEntry("T10", 1));
        List<Integer> departures = p.convoys().stream().map(Plan.Convoy::departureDay).sorted().toList();
        assertThat(departures.get(1) - departures.get(0)).isGreaterThanOrEqualTo(2);
        assertThat(departures.get(2) - departures.get(1)).isGreaterThanOrEqualTo(2);
        assertThat(departures).containsExactly(0, 2, 4);
        assertThat(p.routeSchedules().get(0).scheduledTonnes()).isEqualTo(30.0);
        assertThat(p.routeSchedules().get(0).reason()).isEqualTo(Plan.Shortfall.NONE);
        assertThat(p.convoySolver().truckDays()).isEqualTo(6);
        assertThat(p.convoySolver().status()).isEqualTo("OPTIMAL");
    }

    @Test
    void aTripTakesTheWeightAndDeadlineOfTheNeedAtItsDestination() {
        // FOOD needed at B (phase 5 by day 6) and at C (phase 4 by day 2, not on either route): the route to B weighs 9
        // (phase 5) and must arrive by day 6, so it leaves by day 5 (1 travel day); the route to E, where nothing is
        // needed, weighs 1 and has the horizon (10) as its deadline
        ConvoyFixtures.World w = new ConvoyFixtures.World().road("R1", "W", "B", 5).road("R2", "W", "C", 5).road("R3", "W", "E", 5)
                .need("B", 5, 6).need("C", 4, 2)
                .agency("AG", trucks("T10", 10, 1, "W")).route("TO-B", "AG", 30, 0, "R1").route("TO-E", "AG", 30, 0, "R3");
        List<Trips.Trip> trips = Trips.compile(w.scenario(), w.plan(10, 1), ConvoyFixtures.TEN_HOUR_DAYS).get(0).trips();

        assertThat(trips.get(0).deadline()).isEqualTo(6);
        assertThat(trips.get(0).deliveredCoef()).isEqualTo(9 * Trips.COEFFICIENT_SCALE);
        assertThat(trips.get(0).days()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(trips.get(1).deadline()).isEqualTo(10);
        assertThat(trips.get(1).deliveredCoef()).isEqualTo(Trips.COEFFICIENT_SCALE);
    }

    @Test
    void theSequentialSearchOfARemainderAtTheFloorFindsTheSameOptimum() {
        // oneTruckIsReusedOnEveryOtherDay's world: all 30 t in 3 trips (days 0, 2, 4), 6 truck-days, is optimal. A
        // re-solve searches a model at the work-share floor with CP-SAT's sequential search instead of its portfolio;
        // on a tenth of the budget it must prove the same optimum, and twice alike.
        ConvoyFixtures.World w = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 5)
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1");
        Trips.AgencyTrips trips = Trips.compile(w.scenario(), w.plan(10, 1), ConvoyFixtures.TEN_HOUR_DAYS).get(0);
        ConvoyModel.Search search = new ConvoyModel.Search(1, 1, 0.2 * ConvoyScheduler.WORK_SHARE_FLOOR,
                System.nanoTime() + 60_000_000_000L, true).sequentially();
        ConvoyModel.Outcome a = new ConvoyModel(trips).solve(search, List.of(), s -> {});
        ConvoyModel.Outcome b = new ConvoyModel(trips).solve(search, List.of(), s -> {});

        assertThat(a.status()).isEqualTo("OPTIMAL");
        assertThat(a.weightedDelivered()).isEqualTo(30 * Trips.UNITS_PER_TONNE * trips.trips().get(0).deliveredCoef());
        assertThat(a.truckDays()).isEqualTo(6);
        assertThat(a.deterministic()).isTrue();
        assertThat(b.loads()).isDeepEqualTo(a.loads());
        assertThat(b.trucks()).isDeepEqualTo(a.trucks());
    }

    @Test
    void aRepairPlacesPreviousConvoysAgainWhereTheyStillFitAndOptimiseMayMoveThem() {
        // oneTruckIsReusedOnEveryOtherDay's world (optimum: trips on days 0, 2, 4, all 30 t), re-scheduled after a
        // previous plan whose one truck left on days 1 and 3 (busy 1-2 and 3-4). A repair keeps those two convoys as they
        // were and then finds no free 2-day window for the last 10 t (the other departures each clash with a kept trip:
        // day 0 would hold the truck on days 0-1, day 2 on 2-3, day 4 on 4-5): 20 t, short for FLEET, no CP-SAT model,
        // no work limit. OPTIMISE, hinted by the same convoys, finds the optimum, 30 t, by moving them.
        List<Plan.Convoy> previous = List.of(previousTrip("AG", 1), previousTrip("AG", 3));
        Plan repaired = reschedule(previous, ConvoyScheduler.Remainder.REPAIR), optimised = reschedule(previous, ConvoyScheduler.Remainder.OPTIMISE);

        assertThat(repaired.convoys()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("expectedDiversionTonnes")
                .containsExactlyElementsOf(previous);
        assertThat(repaired.routeSchedules().get(0).scheduledTonnes()).isEqualTo(20.0);
        assertThat(repaired.routeSchedules().get(0).reason()).isEqualTo(Plan.Shortfall.FLEET);
        assertThat(repaired.convoySolver().status()).isEqualTo(ConvoyModel.REPAIRED);
        assertThat(repaired.convoySolver().workLimits()).isEmpty();
        assertThat(repaired.convoySolver().truckDays()).isEqualTo(4);
        assertThat(optimised.convoys()).extracting(Plan.Convoy::departureDay).containsExactly(0, 2, 4);
        assertThat(optimised.routeSchedules().get(0).scheduledTonnes()).isEqualTo(30.0);
        assertThat(optimised.convoySolver().status()).isEqualTo("OPTIMAL");
    }

    @Test
    void aRepairSkipsPreviousConvoysThatNoLongerFitThenFillsFromTheEarliestDay() {
        // The same world; a previous convoy on a day the route no longer has (day 7, past the deadline) and one of
        // another agency are skipped; the greedy pass then fills from the earliest day: 0, 2, 4, all 30 t, the optimum.
        Plan repaired = reschedule(List.of(previousTrip("AG", 7), previousTrip("OTHER", 1)), ConvoyScheduler.Remainder.REPAIR);
        assertThat(repaired.convoys()).extracting(Plan.Convoy::departureDay).containsExactly(0, 2, 4);
        assertThat(repaired.routeSchedules().get(0).scheduledTonnes()).isEqualTo(30.0);
    }

    /** oneTruckIsReusedOnEveryOtherDay's world scheduled with nothing kept, after {@code previous} convoys, one way or the other. */
    private static Plan reschedule(List<Plan.Convoy> previous, ConvoyScheduler.Remainder how) {
        ConvoyFixtures.World w = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 5)
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1");
        Plan allocation = w.plan(10, 1);
        try (org.corridor.solve.WorkerPool pool = new org.corridor.solve.WorkerPool(1)) {
            return ConvoyScheduler.schedule(w.scenario(), allocation, ConvoyFixtures.TEN_HOUR_DAYS, pool, org.corridor.solve.SolveControl.NONE,
                    allocation.withConvoys(previous, List.of(), null), new ConvoyScheduler.Committed(0, List.of(), List.of(), java.util.Map.of(), how));
        }
    }

    /** A previous convoy of {@code agency}: one 10 t truck with 10 t on ROUTE1 from W on {@code day}, busy that day and the next. */
    private static Plan.Convoy previousTrip(String agency, int day) {
        return new Plan.Convoy(String.format("C-ROUTE1-d%03d-W", day), agency, "W", Plan.teamId(agency, "W"), "ROUTE1", day, day + 1, day, day + 1,
                java.util.Map.of("T10", 1), java.util.Map.of("FOOD", 10.0), 0);
    }

    @Test
    void aModelOutOfBudgetNeverEndsBelowTheGreedySchedule() {
        // Three routes of 900 t (3, 10 and 17 hours) for 6 trucks of 10 t and 3 of 20 t, hinted by previous convoys that
        // carried half a tonne each. On 0.006 deterministic seconds CP-SAT's sequential search stops at a schedule near
        // that hint (0.2 % of the greedy schedule's weighted tonnes, measured with OR-Tools 9.15); the outcome is the
        // greedy schedule instead, which places the same convoys again and fills the rest. On 0.04 CP-SAT proves the
        // optimum, 13 % above the greedy schedule.
        ConvoyFixtures.World w = new ConvoyFixtures.World();
        String[] to = {"B", "C", "E"};
        for (int i = 0; i < 3; i++) w = w.road("R" + i, "W", to[i], 3 + 7 * i).need(to[i], 3 + i, 20);
        w = w.agency("AG", trucks("T10", 10, 6, "W"), trucks("T20", 20, 3, "W"));
        for (int i = 0; i < 3; i++) w = w.route("ROUTE" + i, "AG", 900, 0.1 * i, "R" + i);
        Trips.AgencyTrips trips = Trips.compile(w.scenario(), w.plan(30, 1), ConvoyFixtures.TEN_HOUR_DAYS).get(0);
        List<Plan.Convoy> previous = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++)
            previous.add(new Plan.Convoy("C-ROUTE" + i + "-d001-W", "AG", "W", Plan.teamId("AG", "W"), "ROUTE" + i, 1, 2, 1, 2,
                    java.util.Map.of("T10", 1), java.util.Map.of("FOOD", 0.5), 0));
        com.google.ortools.Loader.loadNativeLibraries();
        ConvoyModel.Outcome greedy = ConvoyModel.repair(trips, previous);
        ConvoyModel.Outcome starved = new ConvoyModel(trips).solve(new ConvoyModel.Search(1, 1, 0.006, System.nanoTime() + 60_000_000_000L, true)
                .sequentially(), previous, s -> {});
        ConvoyModel.Outcome fed = new ConvoyModel(trips).solve(new ConvoyModel.Search(1, 1, 0.04, System.nanoTime() + 60_000_000_000L, true)
                .sequentially(), previous, s -> {});

        assertThat(starved.status()).isEqualTo("FEASIBLE");
        assertThat(starved.weightedDelivered()).isEqualTo(greedy.weightedDelivered()).isEqualTo(delivered(trips, starved.loads()));
        assertThat(fed.weightedDelivered()).isGreaterThan(greedy.weightedDelivered()).isEqualTo(delivered(trips, fed.loads()));
    }

    /** Severity-weighted units a schedule's loads deliver, in the model's units. */
    private static long delivered(Trips.AgencyTrips in, long[][][] loads) {
        long sum = 0;
        for (Trips.Trip r : in.trips()) for (long[] perBase : loads[r.index()]) for (long u : perBase) sum += u * r.deliveredCoef();
        return sum;
    }

    @Test
    void trucksOfDepartedConvoysStayReservedForTheirRoundTrip() {
        // The world of oneTruckIsReusedOnEveryOtherDay (alone: trips on days 0, 2, 4, all 30 t), but its one
        // truck already left on day 0 with a convoy kept as it is, busy on days 0 and 1, and it is day 1. Only days 2..5
        // are free, which hold two 2-day trips (2, 4): 20 of 30 t is optimal, short for FLEET, 4 truck-days.
        ConvoyFixtures.World w = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 5)
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1");
        Plan.Convoy departed = new Plan.Convoy("C-OLD-d000-W", "AG", "W", Plan.teamId("AG", "W"), "OLD", 0, 1, 0, 1,
                java.util.Map.of("T10", 1), java.util.Map.of("FOOD", 10.0), 0);
        Plan p;
        try (org.corridor.solve.WorkerPool pool = new org.corridor.solve.WorkerPool(1)) {
            p = ConvoyScheduler.schedule(w.scenario(), w.plan(10, 1), ConvoyFixtures.TEN_HOUR_DAYS, pool,
                    org.corridor.solve.SolveControl.NONE, null, new ConvoyScheduler.Committed(1, List.of(departed), List.of()));
        }

        assertThat(p.convoys()).extracting(Plan.Convoy::departureDay).containsExactlyInAnyOrder(2, 4);
        assertThat(p.routeSchedules().get(0).scheduledTonnes()).isEqualTo(20.0);
        assertThat(p.routeSchedules().get(0).reason()).isEqualTo(Plan.Shortfall.FLEET);
        assertThat(p.convoySolver().truckDays()).isEqualTo(4);
    }

    @Test
    void aDepartedConvoyOfAnotherBaseReservesNothingHere() {
        // The same truck is based at W; a departed convoy of trucks based at B does not hold it: 3 trips, 30 t.
        ConvoyFixtures.World w = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 5)
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1");
        Plan.Convoy elsewhere = new Plan.Convoy("C-OLD-d000-B", "AG", "B", Plan.teamId("AG", "B"), "OLD", 0, 1, 0, 1,
                java.util.Map.of("T10", 1), java.util.Map.of("FOOD", 10.0), 0);
        Plan p;
        try (org.corridor.solve.WorkerPool pool = new org.corridor.solve.WorkerPool(1)) {
            p = ConvoyScheduler.schedule(w.scenario(), w.plan(10, 1), ConvoyFixtures.TEN_HOUR_DAYS, pool,
                    org.corridor.solve.SolveControl.NONE, null, new ConvoyScheduler.Committed(0, List.of(elsewhere), List.of()));
        }
        assertThat(p.routeSchedules().get(0).scheduledTonnes()).isEqualTo(30.0);
    }

    @Test
    void keptConvoysCountAgainstTheConvoyCap() {
        // convoyCapLimitsTrucksPerDay's world (cap 2 trucks in P2, departures on days 0 and 1, 2 x 2 x 10 = 40 t
        // alone), but a kept convoy of 2 trucks enters R1 on day 0: its place under the cap is taken, so
        // only day 1 is left: 2 trucks, 20 of 50 t, short for the cap.
        ConvoyFixtures.World w = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 2)
                .rule(new AccessRule.ConvoySizeLimit("CAP2", "P2", 2, TEST, days(0, 30)))
                .agency("AG", trucks("T10", 10, 5, "W")).route("ROUTE1", "AG", 50, 0, "R1");
        Plan allocation = w.plan(2, 1);
        Plan.Convoy kept = new Plan.Convoy("C-KEPT-d000-W", "AG", "W", Plan.teamId("AG", "W"), "KEPT", 0, 1, 0, 1,
                java.util.Map.of("T10", 2), java.util.Map.of("FOOD", 20.0), 0);
        Plan.Route keptRoute = allocation.routes().get(0);
        keptRoute = new Plan.Route("KEPT", "AG", "FOOD", "W", "B", keptRoute.legs(), 20, 20, 0, 0, 0);
        Plan p;
        try (org.corridor.solve.WorkerPool pool = new org.corridor.solve.WorkerPool(1)) {
            p = ConvoyScheduler.schedule(w.scenario(), allocation, ConvoyFixtures.TEN_HOUR_DAYS, pool,
                    org.corridor.solve.SolveControl.NONE, null, new ConvoyScheduler.Committed(0, List.of(kept), List.of(keptRoute)));
        }
        assertThat(p.convoys()).extracting(Plan.Convoy::departureDay).containsExactly(1);
        assertThat(p.routeSchedules().get(0).scheduledTonnes()).isEqualTo(20.0);
        assertThat(p.routeSchedules().get(0).reason()).isEqualTo(Plan.Shortfall.CONVOY_CAP);
    }

    @Test
    void aTighterDeadlineLeavesTheFleetShort() {
        // Same truck, deadline day 3 -> departures 0..2 hold only 2 trips of 2 days: 20 of 30 t, short for FLEET.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 3)
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1").schedule(10);

        Plan.RouteSchedule s = p.routeSchedules().get(0);
        assertThat(s.askedTonnes()).isEqualTo(30.0);
        assertThat(s.scheduledTonnes()).isEqualTo(20.0);
        assertThat(s.reason()).isEqualTo(Plan.Shortfall.FLEET);
    }

    @Test
    void convoyCapLimitsTrucksPerDay() {
        // 5 trucks of 10 t but at most 2 trucks per convoy in P2; horizon 2 days and deadline day 2 give
        // 2 departure days: 2 x 2 x 10 = 40 of 50 t, and the cap alone explains the gap.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 2)
                .rule(new AccessRule.ConvoySizeLimit("CAP2", "P2", 2, TEST, days(0, 30)))
                .agency("AG", trucks("T10", 10, 5, "W")).route("ROUTE1", "AG", 50, 0, "R1").schedule(2);

        assertThat(p.convoys()).hasSize(2).allSatisfy(c -> assertThat(c.truckCount()).isEqualTo(2));
        Plan.RouteSchedule s = p.routeSchedules().get(0);
        assertThat(s.scheduledTonnes()).isEqualTo(40.0);
        assertThat(s.reason()).isEqualTo(Plan.Shortfall.CONVOY_CAP);
    }

    @Test
    void convoyCapCountsTwoRoutesOnTheSameRoadAsOneConvoy() {
        // Both routes enter R1 (in capped P2) on their departure day; with a cap of 3 and one departure
        // day (horizon 1), at most 3 trucks leave in total: 30 of the 40 t asked.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 3).road("R2", "B", "C", 2)
                .need("B", 4, 1).need("C", 4, 1)
                .rule(new AccessRule.ConvoySizeLimit("CAP3", "P2", 3, TEST, days(0, 30)))
                .agency("AG", trucks("T10", 10, 6, "W"))
                .route("TO-B", "AG", 20, 0, "R1").route("TO-C", "AG", 20, 0, "R1", "R2").schedule(1);

        assertThat(p.convoys().stream().mapToInt(Plan.Convoy::truckCount).sum()).isEqualTo(3);
        assertThat(p.routeSchedules().stream().mapToDouble(Plan.RouteSchedule::scheduledTonnes).sum()).isEqualTo(30.0);
    }

    @Test
    void routeThatCannotArriveByTheDeadlineIsNotScheduled() {
        // 25 hours of road = 3 travel days: leaving on day 0 arrives on day 3, after the latest day 1.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 25).need("B", 5, 1)
                .agency("AG", trucks("T10", 10, 5, "W")).route("ROUTE1", "AG", 20, 0, "R1").schedule(10);

        assertThat(p.convoys()).isEmpty();
        assertThat(p.routeSchedules().get(0).reason()).isEqualTo(Plan.Shortfall.DEADLINE);
    }

    @Test
    void permitDelayPushesTheFirstDepartureBack() {
        // A 3-day permit for P2 means no departure before day 3; deadline day 4 -> only day 3: one trip,
        // 10 of 30 t (without the permit, departures 0..3 hold 2 trips).
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 4)
                .rule(new AccessRule.PermitRequired("PERMIT3", "P2", null, 3, 0, TEST, days(0, 30)))
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1").schedule(10);

        assertThat(p.convoys()).hasSize(1);
        assertThat(p.convoys().get(0).departureDay()).isEqualTo(3);
        assertThat(p.routeSchedules().get(0).scheduledTonnes()).isEqualTo(10.0);
    }

    @Test
    void closedRoadDaysAreNeverDepartureDays() {
        // R1 closed on days 0..5, deadline day 7: the only departure day is 6, one trip of the only truck.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 7)
                .rule(new AccessRule.RoadClosed("SHUT", "R1", TEST, days(0, 5)))
                .agency("AG", trucks("T10", 10, 1, "W")).route("ROUTE1", "AG", 30, 0, "R1").schedule(10);

        assertThat(p.convoys()).singleElement().satisfies(c -> assertThat(c.departureDay()).isEqualTo(6));
    }

    @Test
    void severerNeedGetsTheOnlyTruck() {
        // One 10 t truck, one departure day (horizon 1): phase 5 (weight 9) beats phase 3 (weight 1).
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 3).road("R2", "W", "C", 3)
                .need("B", 3, 1).need("C", 5, 1)
                .agency("AG", trucks("T10", 10, 1, "W"))
                .route("TO-B", "AG", 10, 0, "R1").route("TO-C", "AG", 10, 0, "R2").schedule(1);

        assertThat(p.convoys()).singleElement().satisfies(c -> assertThat(c.route()).isEqualTo("TO-C"));
        assertThat(p.convoySolver().weightedDelivered()).isEqualTo(90.0);
    }

    @Test
    void fewerTruckDaysWinWhenTonnesTie() {
        // 20 t fit one 20 t truck (1 truck, 2 truck-days) or two 10 t trucks (4 truck-days): one big truck.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 5).need("B", 4, 1)
                .agency("AG", trucks("T10", 10, 2, "W"), trucks("T20", 20, 1, "W"))
                .route("ROUTE1", "AG", 20, 0, "R1").schedule(1);

        assertThat(p.convoys()).singleElement().satisfies(c -> assertThat(c.trucks()).containsExactlyEntriesOf(java.util.Map.of("T20", 1)));
        assertThat(p.convoySolver().truckDays()).isEqualTo(2);
    }

    @Test
    void lowerDiversionWinsWhenDeliveredAndTruckDaysTie() {
        // TO-B: phase 3 (w 1), loss 0 -> 1 x 1.0; TO-C: phase 4 (w 3), loss 2/3 -> 3 x 1/3: equal weighted
        // delivered per tonne and equal truck-days, so only the third term decides: TO-B (no diversion).
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 3).road("R2", "W", "C", 3)
                .need("B", 3, 1).need("C", 4, 1)
                .agency("AG", trucks("T10", 10, 1, "W"))
                .route("TO-B", "AG", 10, 0, "R1").route("TO-C", "AG", 10, 2.0 / 3, "R2").schedule(1);

        assertThat(p.convoys()).singleElement().satisfies(c -> assertThat(c.route()).isEqualTo("TO-B"));
        assertThat(p.convoySolver().expectedDiversionTonnes()).isZero();
    }

    @Test
    void trucksFromAnotherBasePayForTheirPositioning() {
        // The truck is based at B, 10 h from the origin W: 1 day of positioning before departure and a
        // cycle of 1 loading day + ceil(2 x (10 + 20) / 10) = 7 days; a departure on day 0 is impossible.
        Plan p = new ConvoyFixtures.World().road("R1", "W", "B", 10).road("R2", "B", "C", 10).need("C", 4, 9)
                .agency("AG", trucks("T10", 10, 1, "B")).route("ROUTE1", "AG", 10, 0, "R1", "R2").schedule(10);

        assertThat(p.convoys()).singleElement().satisfies(c -> {
            assertThat(c.hub()).isEqualTo("B");
            assertThat(c.team()).isEqualTo("AG@B");
            assertThat(c.departureDay() - c.busyFromDay()).isEqualTo(1);
            assertThat(c.busyToDay() - c.busyFromDay() + 1).isEqualTo(7);
        });
    }

    @Test
    void previousConvoysAreAcceptedAsHintsWithoutChangingTheOptimum() {
        ConvoyFixtures.World w = ConvoyFixtures.random(7, 1, 6);
        Plan cold = w.schedule(12, 1, ConvoyFixtures.TEN_HOUR_DAYS, null);
        Plan warm = w.schedule(12, 1, ConvoyFixtures.TEN_HOUR_DAYS, cold);
        assertThat(warm.convoySolver().weightedDelivered()).isEqualTo(cold.convoySolver().weightedDelivered());
        assertThat(warm.convoySolver().truckDays()).isEqualTo(cold.convoySolver().truckDays());
    }

    @Test
    void deterministicModeGivesTheSameConvoysTwiceAndForOneOrTwoThreads() {
        // two agencies, so threads = 2 solves their models side by side
        ConvoyFixtures.World w = ConvoyFixtures.random(11, 2, 10);
        Plan a = w.schedule(14, 1, ConvoyFixtures.TEN_HOUR_DAYS, null);
        Plan b = w.schedule(14, 1, ConvoyFixtures.TEN_HOUR_DAYS, null);
        Plan c = w.schedule(14, 2, ConvoyFixtures.TEN_HOUR_DAYS, null);
        assertThat(a.convoySolver().mode()).isEqualTo("DETERMINISTIC");
        assertThat(a.convoySolver().deterministic()).isTrue();
        assertThat(a.convoys()).isNotEmpty();
        assertThat(Json.write(b.convoys())).isEqualTo(Json.write(a.convoys()));
        assertThat(Json.write(c.convoys())).isEqualTo(Json.write(a.convoys()));
        assertThat(Json.write(c.routeSchedules())).isEqualTo(Json.write(a.routeSchedules()));
    }

    @Test
    void recordedTruckDaysAreThoseOfTheConvoysWhicheverStageTheWorkLimitStops() {
        // Each convoy here has one truck group (T10 at W or T20 at L1), so its trucks are committed for
        // busyToDay - busyFromDay + 1 days each. Small budgets stop the lexicographic solve after its
        // first or second stage; the record must still count the truck-days of the convoys it returns.
        ConvoyFixtures.World w = ConvoyFixtures.random(11, 2, 10);
        for (double budget : new double[] {0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.2}) {
            Plan p = w.schedule(14, 1, new ConvoyOptions(10, 1, true, budget), null);
            long days = p.convoys().stream().mapToLong(c -> (long) c.truckCount() * (c.busyToDay() - c.busyFromDay() + 1)).sum();
            assertThat(p.convoySolver().truckDays()).as("truck-days with a budget of %s", budget).isEqualTo(days);
        }
    }

    @Test
    void parallelModeSaysItIsNotReproducible() {
        ConvoyFixtures.World w = ConvoyFixtures.random(3, 1, 4);
        Plan p = w.schedule(w.plan(10, 2, 2), new ConvoyOptions(10, 1, false, 0.2), null);
        assertThat(p.convoySolver().mode()).isEqualTo("PARALLEL");
        assertThat(p.convoySolver().deterministic()).isFalse();
        assertThat(p.convoySolver().note()).contains("PARALLEL");
    }

    /** Two agencies with a route each (AG1 on R1 to B, AG2 on R2 to C) and a road R3 that no route uses. */
    private static ConvoyFixtures.World twoAgencies(double ag1Tonnes, int ag2Trucks, String suffix, AccessRule... rules) {
        ConvoyFixtures.World w = new ConvoyFixtures.World().road("R1", "W", "B", 5).road("R2", "W", "C", 5).road("R3", "W", "E", 5)
                .need("B", 4, 8).need("C", 4, 8)
                .agency("AG1", trucks("T10", 10, 2, "W")).agency("AG2", trucks("T10", 10, ag2Trucks, "W"))
                .route("ROUTE1" + suffix, "AG1", ag1Tonnes, 0, "R1").route("ROUTE2" + suffix, "AG2", 40, 0, "R2");
        for (AccessRule r : rules) w.rule(r);
        return w;
    }

    private static java.util.Map<String, java.util.Map<String, String>> unchanged(ConvoyFixtures.World now) {
        ConvoyFixtures.World then = twoAgencies(40, 2, "");
        try (org.corridor.solve.WorkerPool pool = new org.corridor.solve.WorkerPool(2)) {
            return ConvoyScheduler.unchangedAgencies(then.scenario(), then.plan(10, 1), now.scenario(), now.plan(10, 1),
                    ConvoyFixtures.TEN_HOUR_DAYS, pool, org.corridor.solve.SolveControl.NONE);
        }
    }

    @Test
    void aModelsWorkShareIsItsPartOfTheAgencysTonnesOrTheFloorWhenOnlyPreviousLeftOversAreNew() {
        // AG1 asks 40 t and keeps a 40 t convoy: 40 / (40 + 40) = 0.5, its 10 t left over before notwithstanding, as
        // (40 - 10) / 80 is above the floor. AG2 asks 40 t, keeps nothing, 30 t left over before: 10 / 40 new, share 1.
        Plan allocation = twoAgencies(40, 2, "").plan(10, 1);
        Plan.Convoy kept = new Plan.Convoy("C-KEPT-d000-W", "AG1", "W", Plan.teamId("AG1", "W"), "KEPT", 0, 1, 0, 1,
                java.util.Map.of("T10", 4), java.util.Map.of("FOOD", 40.0), 0);
        assertThat(ConvoyScheduler.workShares(allocation,
                new ConvoyScheduler.Committed(0, List.of(kept), List.of(), java.util.Map.of("ROUTE1", 10.0, "ROUTE2", 30.0))))
                .containsExactly(java.util.Map.entry("AG1", 0.5), java.util.Map.entry("AG2", 1.0));
        // AG1's left-overs 37 t: 3 / 80 new is below the floor; AG2's 50 t cover its 40 t (a retry counts at most a route's tonnes)
        assertThat(ConvoyScheduler.workShares(allocation,
                new ConvoyScheduler.Committed(0, List.of(kept), List.of(), java.util.Map.of("ROUTE1", 37.0, "ROUTE2", 50.0))))
                .containsExactly(java.util.Map.entry("AG1", ConvoyScheduler.WORK_SHARE_FLOOR), java.util.Map.entry("AG2", ConvoyScheduler.WORK_SHARE_FLOOR));
    }

    @Test
    void aRemaindersTieBreakStagesGetHalfItsShareButNotLessThanTheFloor() {
        // a cold model keeps its whole budget for every stage; a remainder at share 0.8 gives its truck-days and
        // diversion stages 0.4 (its first stage keeps 0.8); at 0.15 or at the floor they get the floor, 0.1
        assertThat(ConvoyScheduler.tieBreakShare(1.0)).isEqualTo(1.0);
        assertThat(ConvoyScheduler.tieBreakShare(0.8)).isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ConvoyScheduler.tieBreakShare(0.15)).isEqualTo(ConvoyScheduler.WORK_SHARE_FLOOR);
        assertThat(ConvoyScheduler.tieBreakShare(ConvoyScheduler.WORK_SHARE_FLOOR)).isEqualTo(ConvoyScheduler.WORK_SHARE_FLOOR);
        // the stages' budgets: 0.6 / 0.25 / 0.15 of the first and of the tie-break budget; a cold model spends its budget
        ConvoyModel.Search cold = new ConvoyModel.Search(1, 1, 0.2, System.nanoTime() + 60_000_000_000L, true);
        ConvoyModel.Search remainder = cold.withBudget(0.16).withTieBreakBudget(0.04);
        assertThat(new double[] {cold.stageBudget(0), cold.stageBudget(1), cold.stageBudget(2), cold.totalBudget()})
                .containsExactly(new double[] {0.12, 0.05, 0.03, 0.2}, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(new double[] {remainder.stageBudget(0), remainder.stageBudget(1), remainder.stageBudget(2), remainder.totalBudget()})
                .containsExactly(new double[] {0.096, 0.01, 0.006, 0.112}, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void everyReSolveRemainderIsSearchedSequentiallyAndNoColdModel() {
        // a cold solve keeps nothing: share 1, the portfolio; a remainder of any size below the whole, one search line
        assertThat(ConvoyScheduler.searchedSequentially(1.0)).isFalse();
        assertThat(ConvoyScheduler.searchedSequentially(0.5)).isTrue();
        assertThat(ConvoyScheduler.searchedSequentially(ConvoyScheduler.WORK_SHARE_FLOOR)).isTrue();
    }

    @Test
    void anAgencyIsUnchangedExactlyWhenItsConvoyModelIsTheSame() {
        // the same world with routes numbered afresh: both models are the same, routes matched in order
        assertThat(unchanged(twoAgencies(40, 2, "-NEW"))).containsExactly(
                java.util.Map.entry("AG1", java.util.Map.of("ROUTE1", "ROUTE1-NEW")), java.util.Map.entry("AG2", java.util.Map.of("ROUTE2", "ROUTE2-NEW")));
        // a closure of a road no route drives changes no model
        assertThat(unchanged(twoAgencies(40, 2, "", new AccessRule.RoadClosed("SHUT", "R3", TEST, days(0, 9))))).containsOnlyKeys("AG1", "AG2");
        // R2 closed on days 2..3 removes departure days from AG2's route only
        assertThat(unchanged(twoAgencies(40, 2, "", new AccessRule.RoadClosed("SHUT", "R2", TEST, days(2, 3))))).containsOnlyKeys("AG1");
        // a convoy cap in C's province adds a cap bucket to AG2's model only
        assertThat(unchanged(twoAgencies(40, 2, "", new AccessRule.ConvoySizeLimit("CAP", "P3", 1, TEST, days(0, 9))))).containsOnlyKeys("AG1");
        // tonnes that differ in the sixth decimal (an LP solution read back again) give the same 400 model units
        assertThat(unchanged(twoAgencies(40.000001, 2, ""))).containsOnlyKeys("AG1", "AG2");
        // other tonnes for AG1's route (399 units instead of 400); one truck less for AG2
        assertThat(unchanged(twoAgencies(39.9, 2, ""))).containsOnlyKeys("AG2");
        assertThat(unchanged(twoAgencies(30, 2, ""))).containsOnlyKeys("AG2");
        assertThat(unchanged(twoAgencies(40, 1, ""))).containsOnlyKeys("AG1");
    }
}
