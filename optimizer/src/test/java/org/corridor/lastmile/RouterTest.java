package org.corridor.lastmile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.corridor.lastmile.RoutingProblem.Stop;
import org.corridor.lastmile.RoutingProblem.Vehicle;
import org.corridor.lastmile.RoutingSolution.DropReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-sized instances whose optimum is known. They share one geometry: the depot and two stops A
 * and B, each 10 from the depot and 1 from each other. One tour 0-A-B-0 costs 21; two single-stop
 * tours cost 40. Each constraint family is shown by making the 21 tour infeasible, so the optimum
 * becomes 40 (two tours) or a dropped stop.
 */
class RouterTest {
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    /** A work limit, so every search is deterministic and ends long before the time limit. */
    static final Router.Limit LIMIT = new Router.Limit(20, 10_000);

    @AfterAll static void stopPool() { POOL.shutdown(); }

    static final long[][] TWO_STOPS = {{0, 10, 10}, {10, 0, 1}, {10, 1, 0}};

    static Stop stop(String id, long demand) { return new Stop(id, demand, 0, 0, 1000, 0, false, RoutingProblem.MANDATORY); }

    static Vehicle vehicle(String id, long capacity) { return new Vehicle(id, "T", capacity, Long.MAX_VALUE, false, 0, 1000, 0); }

    static RoutingProblem problem(List<Stop> stops, List<Vehicle> vehicles) {
        return new RoutingProblem("hand", stops, vehicles, TWO_STOPS, TWO_STOPS, 1000);
    }

    static RoutingSolution solve(RoutingProblem p) { return Router.solve(p, LIMIT, POOL, 3, () -> false); }

    @Test
    void withoutBindingConstraintsOneTourVisitsBothStops() {
        // Unconstrained, 0-A-B-0 = 10 + 1 + 10 = 21 is the cheapest way to visit both.
        RoutingSolution s = solve(problem(List.of(stop("A", 6), stop("B", 6)), List.of(vehicle("V0", 20), vehicle("V1", 20))));
        assertThat(s.distance()).isEqualTo(21);
        assertThat(s.tours()).hasSize(1);
        assertThat(s.tours().get(0).load()).isEqualTo(12);
    }

    @Test
    void capacityForcesTwoTours() {
        // 6 + 6 > 10 = capacity: no vehicle can carry both, so the optimum is two tours, 20 + 20 = 40.
        RoutingSolution s = solve(problem(List.of(stop("A", 6), stop("B", 6)), List.of(vehicle("V0", 10), vehicle("V1", 10))));
        assertThat(s.distance()).isEqualTo(40);
        assertThat(s.tours()).hasSize(2).allSatisfy(t -> assertThat(t.load()).isEqualTo(6));
    }

    @Test
    void timeWindowsForceTwoTours() {
        // Both stops must be served by t = 10 and each is 10 away, so whichever comes second on a
        // shared tour would start at 11: the optimum is two tours (40), each arriving at exactly 10.
        List<Stop> stops = List.of(new Stop("A", 1, 0, 0, 10, 0, false, RoutingProblem.MANDATORY),
                new Stop("B", 1, 0, 0, 10, 0, false, RoutingProblem.MANDATORY));
        RoutingSolution s = solve(problem(stops, List.of(vehicle("V0", 20), vehicle("V1", 20))));
        assertThat(s.distance()).isEqualTo(40);
        assertThat(s.tours()).allSatisfy(t -> assertThat(t.visits().get(0).arrival()).isEqualTo(10));
    }

    @Test
    void serviceTimeAndShiftEndAreRespected() {
        // Service 5 at each stop and a shift ending at 30: 0-A-B-0 takes 10+5+1+5+10 = 31 > 30,
        // so both vehicles are needed (10+5+10 = 25 each): distance 40, back by 25.
        List<Stop> stops = List.of(new Stop("A", 1, 5, 0, 1000, 0, false, RoutingProblem.MANDATORY),
                new Stop("B", 1, 5, 0, 1000, 0, false, RoutingProblem.MANDATORY));
        List<Vehicle> fleet = List.of(new Vehicle("V0", "T", 20, Long.MAX_VALUE, false, 0, 30, 0), new Vehicle("V1", "T", 20, Long.MAX_VALUE, false, 0, 30, 0));
        RoutingSolution s = solve(problem(stops, fleet));
        assertThat(s.distance()).isEqualTo(40);
        assertThat(s.tours()).allSatisfy(t -> assertThat(t.returnTime() - t.departure()).isEqualTo(25));
    }

    @Test
    void riskCapForcesTwoTours() {
        // Each stop carries 6 risk units and a route may accumulate at most 10: one tour would carry
        // 12, so the optimum is two tours (40), each with risk 6.
        List<Stop> stops = List.of(new Stop("A", 1, 0, 0, 1000, 6, false, RoutingProblem.MANDATORY),
                new Stop("B", 1, 0, 0, 1000, 6, false, RoutingProblem.MANDATORY));
        List<Vehicle> fleet = List.of(new Vehicle("V0", "T", 20, 10, false, 0, 1000, 0), new Vehicle("V1", "T", 20, 10, false, 0, 1000, 0));
        RoutingSolution s = solve(problem(stops, fleet));
        assertThat(s.distance()).isEqualTo(40);
        assertThat(s.tours()).allSatisfy(t -> assertThat(t.risk()).isEqualTo(6));
    }

    @Test
    void womenStaffStopIsServedOnlyByATeamWithWomenStaff() {
        // A needs women staff; only V1 (capacity 6) has them, so V1 must take A and is then full;
        // the big V0 may not serve A and must take B. Without the rule V0 would do 0-A-B-0 = 21;
        // with it the optimum is 40, A on V1.
        List<Stop> stops = List.of(new Stop("A", 6, 0, 0, 1000, 0, true, RoutingProblem.MANDATORY), stop("B", 6));
        List<Vehicle> fleet = List.of(new Vehicle("V0", "MEN", 20, Long.MAX_VALUE, false, 0, 1000, 0),
                new Vehicle("V1", "WOMEN", 6, Long.MAX_VALUE, true, 0, 1000, 0));
        RoutingSolution s = solve(problem(stops, fleet));
        assertThat(s.distance()).isEqualTo(40);
        RoutingSolution.Tour tourOfA = s.tours().stream().filter(t -> t.visits().get(0).node() == 1).findFirst().orElseThrow();
        assertThat(tourOfA.vehicle()).isEqualTo(1);
    }

    @Test
    void stopsAreDroppedWithTheReasonThatApplies() {
        // One vehicle of capacity 10 without women staff and a shift ending at 100.
        // A: needs women staff -> NO_WOMEN_STAFF_TEAM. B: demand 11 -> EXCEEDS_VEHICLE_CAPACITY.
        // C: must be served by t = 5 but is 10 away -> TIME_WINDOW_UNREACHABLE.
        // D and E fit alone (demand 6) but not together; D's penalty (100) is below E's (1000), and
        // dropping D (cost 20 + 100) beats serving D instead of E: D -> FLEET_EXHAUSTED.
        long[][] d = new long[6][6];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) d[i][j] = i == j ? 0 : (i == 0 || j == 0 ? 10 : 1);
        List<Stop> stops = List.of(new Stop("A", 1, 0, 0, 100, 0, true, 1000), new Stop("B", 11, 0, 0, 100, 0, false, 1000),
                new Stop("C", 1, 0, 0, 5, 0, false, 1000), new Stop("D", 6, 0, 0, 100, 0, false, 100), new Stop("E", 6, 0, 0, 100, 0, false, 1000));
        RoutingProblem p = new RoutingProblem("drops", stops, List.of(new Vehicle("V0", "T", 10, Long.MAX_VALUE, false, 0, 100, 0)), d, d, 100);
        RoutingSolution s = solve(p);
        assertThat(s.dropped()).extracting(RoutingSolution.Dropped::reason).containsExactly(DropReason.NO_WOMEN_STAFF_TEAM,
                DropReason.EXCEEDS_VEHICLE_CAPACITY, DropReason.TIME_WINDOW_UNREACHABLE, DropReason.FLEET_EXHAUSTED);
        assertThat(s.distance()).isEqualTo(20);
        assertThat(s.objective()).isEqualTo(20 + 1000 + 1000 + 1000 + 100);
    }

    @Test
    void riskCapBelowAStopsRiskIsReportedAsTheReason() {
        List<Stop> stops = List.of(new Stop("A", 1, 0, 0, 1000, 11, false, 50), stop("B", 1));
        RoutingProblem p = problem(stops, List.of(new Vehicle("V0", "T", 20, 10, false, 0, 1000, 0)));
        RoutingSolution s = solve(p);
        assertThat(s.dropped()).containsExactly(new RoutingSolution.Dropped(1, DropReason.EXCEEDS_RISK_CAP));
    }

    @Test
    void portfolioIsDeterministicUnderAWorkLimit() {
        // A-n32-k5 is large enough for members to disagree; under a work limit each member's
        // search is a fixed sequence of moves, and the best is chosen by (objective, index).
        RoutingProblem p = VrpFormats.readCvrplib(BenchInstances.cvrp("A-n32-k5"));
        Router.Limit work = new Router.Limit(60, 20_000);
        RoutingSolution first = Router.solve(p, work, POOL, 3, () -> false);
        RoutingSolution second = Router.solve(p, work, POOL, 3, () -> false);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aCancelledSolveStopsEarly() {
        // Work-limited, as inside plans: only guided-local-search members run, and they stop at once.
        RoutingProblem p = VrpFormats.readCvrplib(BenchInstances.cvrp("A-n32-k5"));
        long t0 = System.nanoTime();
        Router.solve(p, new Router.Limit(30, Long.MAX_VALUE), POOL, 2, () -> System.nanoTime() - t0 > 300_000_000L);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
    }

    @Test
    void underAWorkLimitThePortfolioIsNeverWorseThanThePlainConfigurationAlone() {
        // Member 0 is the plain configuration under the same work limit, and the best is kept.
        RoutingProblem p = VrpFormats.readCvrplib(BenchInstances.cvrp("A-n32-k5"));
        Router.Limit work = new Router.Limit(60, 20_000);
        RoutingSolution plain = Router.solvePlain(p, work);
        RoutingSolution portfolio = Router.solve(p, work, POOL, 2, () -> false);
        assertThat(portfolio.objective()).isLessThanOrEqualTo(plain.objective());
    }

    @Test
    void ruinAndRecreateRunsOnlyUnderATimeLimit() {
        // It ends only on its time limit, so deterministic (work-limited) runs leave it out, and it refuses a work limit.
        assertThat(Router.portfolio(4)).noneMatch(Router.Member::ruinRecreate);
        assertThat(Router.portfolio(2, Router.Limit.seconds(1))).extracting(Router.Member::ruinRecreate).containsExactly(false, true);
        RoutingProblem p = problem(List.of(stop("A", 6), stop("B", 6)), List.of(vehicle("V0", 10), vehicle("V1", 10)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Router.solveMember(p, Router.PORTFOLIO.get(1), 1, LIMIT, () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("work limit");
    }

    @Test
    void ruinAndRecreateMemberRespectsCapacityTimeWindowsAndWomenStaff() {
        // The same hand instances as above (optimum 40 each, see their comments), solved by the
        // ruin-and-recreate member alone under a short time limit.
        Router.Member ils = Router.PORTFOLIO.get(1);
        Router.Limit shortTime = Router.Limit.seconds(0.3);
        RoutingProblem capacity = problem(List.of(stop("A", 6), stop("B", 6)), List.of(vehicle("V0", 10), vehicle("V1", 10)));
        RoutingProblem windows = problem(List.of(new Stop("A", 1, 0, 0, 10, 0, false, RoutingProblem.MANDATORY),
                new Stop("B", 1, 0, 0, 10, 0, false, RoutingProblem.MANDATORY)), List.of(vehicle("V0", 20), vehicle("V1", 20)));
        RoutingProblem women = problem(List.of(new Stop("A", 6, 0, 0, 1000, 0, true, RoutingProblem.MANDATORY), stop("B", 6)),
                List.of(new Vehicle("V0", "MEN", 20, Long.MAX_VALUE, false, 0, 1000, 0), new Vehicle("V1", "WOMEN", 6, Long.MAX_VALUE, true, 0, 1000, 0)));
        for (RoutingProblem p : List.of(capacity, windows, women)) {
            RoutingSolution s = Router.solveMember(p, ils, 1, shortTime, () -> false);
            assertThat(s.distance()).isEqualTo(40);
            assertThat(s.dropped()).isEmpty();
        }
    }
}
