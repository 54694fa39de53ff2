package org.corridor.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.corridor.plan.Plan;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.solve.Planner;
import org.corridor.solve.VerifiedPlanner;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.Test;

/**
 * Each constraint family binding alone, the objective's order and the diversion arithmetic, on
 * networks small enough that the optimum is known by hand. Horizon 10 days unless said otherwise.
 */
class AllocationLpTest {
    private static final double EPS = 1e-5;

    static SolveOptions options() { return new SolveOptions(10, null, 0.01, 0.5, 0.0, 30, 1, 4711); }

    static SolveOptions with(Double budget, double routeRiskCap, double equityFloor) {
        return new SolveOptions(10, budget, 0.01, routeRiskCap, equityFloor, 30, 1, 4711);
    }

    /** A - B - C, stock at A, need at C; roads given per test. */
    private static ScenarioBuilder line(double risk1, double risk2) {
        return ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 100, 2, 1000, risk1).road("BC", "B", "C", 50, 1, 1000, risk2)
                .agency("UN1", 100, 10).commodity("FOOD");
    }

    static double delivered(Plan p, String location, String commodity) {
        return p.routes().stream().filter(r -> r.destination().equals(location) && r.commodity().equals(commodity))
                .mapToDouble(Plan.Route::tonnesDelivered).sum();
    }

    static double dispatchedVia(Plan p, String road) {
        return p.routes().stream().filter(r -> r.legs().stream().anyMatch(l -> l.road().equals(road)))
                .mapToDouble(Plan.Route::tonnesDispatched).sum();
    }

    @Test
    void twoLegsOfTenAndTwentyPercentDeliverSeventyTwoOfAHundred() {
        // Only one path; stock 100 < need 1000, so all 100 t go: 100 -> 90 after AB, 90 -> 72 after BC.
        Plan p = VerifiedPlanner.solve(line(0.10, 0.20).stock("UN1", "A", "FOOD", 100).need("C", "FOOD", 1000).build(), options());
        assertThat(p.routes()).hasSize(1);
        Plan.Route r = p.routes().get(0);
        assertThat(r.tonnesDispatched()).isCloseTo(100, within(EPS));
        assertThat(r.tonnesDelivered()).isCloseTo(72, within(EPS));
        assertThat(r.expectedDiversionTonnes()).isCloseTo(28, within(EPS));
        assertThat(r.legs()).extracting(Plan.Leg::road).containsExactly("AB", "BC");
        assertThat(r.legs().get(0).tonnesIn()).isCloseTo(100, within(EPS));
        assertThat(r.legs().get(0).tonnesOut()).isCloseTo(90, within(EPS));
        assertThat(r.legs().get(1).tonnesIn()).isCloseTo(90, within(EPS));
        assertThat(r.legs().get(1).tonnesOut()).isCloseTo(72, within(EPS));
        assertThat(p.kpis().expectedDiversionTonnes()).isCloseTo(28, within(EPS));
        assertThat(p.kpis().expectedDiversionShare()).isCloseTo(0.28, within(EPS));
        assertThat(p.unmet()).singleElement().satisfies(u -> assertThat(u.tonnes()).isCloseTo(928, within(EPS)));
        assertThat(p.solver().status()).isEqualTo("OPTIMAL");
        assertThat(p.solver().gap()).isZero();
    }

    @Test
    void stockBindsAlone() {
        // Riskless roads, ample capacity and fleet: delivery is capped by the 40 t in stock.
        Plan p = VerifiedPlanner.solve(line(0, 0).stock("UN1", "A", "FOOD", 40).need("C", "FOOD", 100).build(), options());
        assertThat(delivered(p, "C", "FOOD")).isCloseTo(40, within(EPS));
        assertThat(p.unmet()).singleElement().satisfies(u -> assertThat(u.tonnes()).isCloseTo(60, within(EPS)));
    }

    @Test
    void roadCapacityOverTheHorizonBindsAlone() {
        // Road AB carries 3 t/day x 10 days = 30 t; nothing else limits: 30 t delivered of 100.
        Scenario s = ScenarioBuilder.create().location("A").location("B").road("AB", "A", "B", 100, 2, 3, 0)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100).need("B", "FOOD", 100).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(delivered(p, "B", "FOOD")).isCloseTo(30, within(EPS));
    }

    @Test
    void roadCapacityCountsTonnesEnteringEachLeg() {
        // BC carries 9 t/day x 10 = 90 t; AB loses 10 %, so 100 t dispatched put 90 t on BC: exactly full.
        // Stock 200 and need 200: the optimum dispatches 100 t (delivering 90), not more.
        Scenario s = ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 100, 2, 1000, 0.1).road("BC", "B", "C", 50, 1, 9, 0)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 200).need("C", "FOOD", 200).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(p.routes()).singleElement().satisfies(r -> {
            assertThat(r.tonnesDispatched()).isCloseTo(100, within(EPS));
            assertThat(r.legs().get(1).tonnesIn()).isCloseTo(90, within(EPS));
        });
    }

    @Test
    void roadCapacityHoldsInEachDirectionSeparately() {
        // AB carries 3 t/day x 10 days = 30 t in each direction. FOOD goes A -> B and KITS B -> A, 100 t of
        // stock and of need each, nothing else limits: the optimum moves 30 t each way (60 t in all).
        // Were both directions counted together, only 30 t in all could move.
        Scenario s = ScenarioBuilder.create().location("A").location("B").road("AB", "A", "B", 100, 2, 3, 0)
                .agency("UN1", 100, 10).commodity("FOOD").commodity("KITS")
                .stock("UN1", "A", "FOOD", 100).need("B", "FOOD", 100)
                .stock("UN1", "B", "KITS", 100).need("A", "KITS", 100).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(delivered(p, "B", "FOOD")).isCloseTo(30, within(EPS));
        assertThat(delivered(p, "A", "KITS")).isCloseTo(30, within(EPS));
        assertThat(p.solver().status()).isEqualTo("OPTIMAL");
    }

    @Test
    void fleetTruckDaysBindAlone() {
        // 1 truck of 10 t; AB takes 8 h = 1 day, so a round trip is 2 truck-days; 10 days allow 5 trips = 50 t.
        Scenario s = ScenarioBuilder.create().location("A").location("B").road("AB", "A", "B", 400, 8, 1000, 0)
                .agency("UN1", 1, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100).need("B", "FOOD", 100).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(delivered(p, "B", "FOOD")).isCloseTo(50, within(EPS));
        assertThat(p.kpis().cost()).isCloseTo(10, within(EPS)); // all 10 truck-days used
        assertThat(p.kpis().truckKm()).isCloseTo(5 * 800, within(EPS));
    }

    /** Safe origin S (30 t, risk 0) and risky origin X (100 t, risk 10 %) both reach need N (100 t). */
    private static Scenario twoOrigins() {
        return ScenarioBuilder.create().location("S").location("X").location("N")
                .road("SN", "S", "N", 100, 2, 1000, 0).road("XN", "X", "N", 100, 2, 1000, 0.1)
                .agency("UN1", 100, 10).commodity("FOOD")
                .stock("UN1", "S", "FOOD", 30).stock("UN1", "X", "FOOD", 100).need("N", "FOOD", 100).build();
    }

    @Test
    void riskBudgetBindsAlone() {
        // Without a budget: 30 t from S and 70/0.9 t from X cover the need. With budget 5 %:
        // 0.1 xX <= 0.05 (30 + xX) gives xX <= 30, so 30 + 27 = 57 t delivered.
        Plan free = VerifiedPlanner.solve(twoOrigins(), options());
        assertThat(delivered(free, "N", "FOOD")).isCloseTo(100, within(EPS));
        Plan capped = VerifiedPlanner.solve(twoOrigins(), with(0.05, 0.5, 0));
        assertThat(delivered(capped, "N", "FOOD")).isCloseTo(57, within(EPS));
        assertThat(capped.kpis().expectedDiversionShare()).isCloseTo(0.05, within(EPS));
    }

    @Test
    void routeRiskCapFiltersRoutesAlone() {
        // The only road loses 30 %: above a 25 % cap nothing moves; under a 50 % cap 100 t go.
        Scenario s = ScenarioBuilder.create().location("A").location("B").road("AB", "A", "B", 100, 2, 1000, 0.3)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100).need("B", "FOOD", 1000).build();
        assertThat(VerifiedPlanner.solve(s, with(null, 0.25, 0)).routes()).isEmpty();
        assertThat(delivered(VerifiedPlanner.solve(s, with(null, 0.5, 0)), "B", "FOOD")).isCloseTo(70, within(EPS));
    }

    @Test
    void deadlineFiltersRoutesThatArriveLate() {
        // AB takes 20 h = 3 driving days: stock ready on day 0 arrives on day 3.
        ScenarioBuilder b = ScenarioBuilder.create().location("A").location("B").road("AB", "A", "B", 100, 20, 1000, 0)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100);
        Plan late = VerifiedPlanner.solve(ScenarioBuilder.create().location("A").location("B").road("AB", "A", "B", 100, 20, 1000, 0)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100).need("B", "FOOD", 50, 3, 2).build(), options());
        assertThat(late.routes()).isEmpty();
        Plan onTime = VerifiedPlanner.solve(b.need("B", "FOOD", 50, 3, 3).build(), options());
        assertThat(onTime.routes()).singleElement().satisfies(r -> {
            assertThat(r.departureDay()).isZero();
            assertThat(r.arrivalDay()).isEqualTo(3);
            assertThat(r.tonnesDelivered()).isCloseTo(50, within(EPS));
        });
    }

    @Test
    void equityFloorGivesEveryLocationItsShareBeforeTheGravest() {
        // 100 t for a phase-5 need (weight 9) at P and a phase-3 need (weight 1) at Q, 100 t each.
        // Without a floor all goes to P. With a 30 % floor Q first gets 30 t (a shortfall costs 100 per
        // weighted tonne, more than the 9 P's tonnes are worth), P the remaining 70.
        ScenarioBuilder b = ScenarioBuilder.create().location("A").location("P").location("Q")
                .road("AP", "A", "P", 100, 2, 1000, 0).road("AQ", "A", "Q", 100, 2, 1000, 0)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100)
                .need("P", "FOOD", 100, 5, 365).need("Q", "FOOD", 100, 3, 365);
        Plan noFloor = VerifiedPlanner.solve(b.build(), options());
        assertThat(delivered(noFloor, "P", "FOOD")).isCloseTo(100, within(EPS));
        assertThat(delivered(noFloor, "Q", "FOOD")).isCloseTo(0, within(EPS));
        Plan floor = VerifiedPlanner.solve(b.build(), with(null, 0.5, 0.3));
        assertThat(delivered(floor, "P", "FOOD")).isCloseTo(70, within(EPS));
        assertThat(delivered(floor, "Q", "FOOD")).isCloseTo(30, within(EPS));
    }

    @Test
    void riskierRoadIsUsedOnlyWhenTheSafeOneCannotCover() {
        // Safe path A-B-C (risk 0) carries at most 1 t/day x 10 = 10 t; direct AC loses 10 %. Need 50:
        // coverage first, so 10 t go safe and 40 t are delivered by dispatching 40/0.9 t on AC.
        Scenario s = ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 50, 1, 1, 0).road("BC", "B", "C", 50, 1, 1000, 0).road("AC", "A", "C", 60, 1, 1000, 0.1)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100).need("C", "FOOD", 50).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(dispatchedVia(p, "AB")).isCloseTo(10, within(EPS));
        assertThat(dispatchedVia(p, "AC")).isCloseTo(40 / 0.9, within(EPS));
        assertThat(delivered(p, "C", "FOOD")).isCloseTo(50, within(EPS));
    }

    @Test
    void lowerDiversionComesBeforeLowerCost() {
        // Short AC (100 km, 5 % risk) against long A-B-C (600 km, riskless); ample capacity and stock.
        // Diversion ranks above cost, so everything takes the long safe way.
        Scenario s = ScenarioBuilder.create().location("A").location("B").location("C")
                .road("AB", "A", "B", 300, 6, 1000, 0).road("BC", "B", "C", 300, 6, 1000, 0).road("AC", "A", "C", 100, 2, 1000, 0.05)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 100).need("C", "FOOD", 50).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(dispatchedVia(p, "AC")).isCloseTo(0, within(EPS));
        assertThat(delivered(p, "C", "FOOD")).isCloseTo(50, within(EPS));
        assertThat(p.kpis().expectedDiversionTonnes()).isCloseTo(0, within(EPS));
    }

    @Test
    void amongEquallySafeRoutesTheCheaperWins() {
        // Two riskless origins hold enough: O1 is 100 km away, O2 300 km. Cost decides: all from O1.
        Scenario s = ScenarioBuilder.create().location("O1").location("O2").location("N")
                .road("O1N", "O1", "N", 100, 2, 1000, 0).road("O2N", "O2", "N", 300, 2, 1000, 0)
                .agency("UN1", 100, 10).commodity("FOOD")
                .stock("UN1", "O1", "FOOD", 100).stock("UN1", "O2", "FOOD", 100).need("N", "FOOD", 60).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(p.routes()).singleElement().satisfies(r -> {
            assertThat(r.origin()).isEqualTo("O1");
            assertThat(r.tonnesDispatched()).isCloseTo(60, within(EPS));
        });
    }

    @Test
    void severityDecidesWhoIsServedFirst() {
        // 50 t for two needs of 50 t: the phase-4 need (weight 3) is served before the phase-3 one.
        Scenario s = ScenarioBuilder.create().location("A").location("P").location("Q")
                .road("AP", "A", "P", 100, 2, 1000, 0).road("AQ", "A", "Q", 100, 2, 1000, 0)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 50)
                .need("P", "FOOD", 50, 3, 365).need("Q", "FOOD", 50, 4, 365).build();
        Plan p = VerifiedPlanner.solve(s, options());
        assertThat(delivered(p, "Q", "FOOD")).isCloseTo(50, within(EPS));
        assertThat(p.unmet()).extracting(Plan.Unmet::location).isEqualTo(List.of("P"));
        assertThat(p.kpis().coverage()).isCloseTo(150.0 / 200.0, within(EPS));
    }

    /**
     * Two parallel roads A - C: P loses 2 %, Q 1 %; stock 1000 t covers the 100 t need over either, so both
     * routes give full coverage. The previous plan sent everything over P (made while Q was closed). Cold, the
     * coverage stage's risk term prefers Q. Re-solving with the Q closure lifted, the stability stage keeps P:
     * moving the 100/0.98 t costs weight x riskWeight = 0.01 per tonne of change, 1.02 in all, against the risk
     * term's saving of 0.01 x (2.04 - 1.01) = 0.0103; coverage is full either way.
     */
    @Test
    void aResolveKeepsThePreviousRouteAmongEqualCoverageOptima() {
        ScenarioBuilder twoRoads = ScenarioBuilder.create().location("A").location("C")
                .road("P", "A", "C", 100, 2, 1000, 0.02).road("Q", "A", "C", 100, 2, 1000, 0.01)
                .agency("UN1", 100, 10).commodity("FOOD").stock("UN1", "A", "FOOD", 1000).need("C", "FOOD", 100);
        Scenario open = twoRoads.build();
        Plan previous = Planner.allocate(open.withRules(List.of(new org.corridor.access.AccessRule.RoadClosed("SHUT-Q", "Q",
                ScenarioBuilder.TEST, org.corridor.scenario.DayWindow.ALWAYS))), options(), org.corridor.solve.SolveControl.NONE).plan();
        assertThat(dispatchedVia(previous, "P")).isCloseTo(100 / 0.98, within(EPS));

        Plan cold = Planner.allocate(open, options(), org.corridor.solve.SolveControl.NONE).plan();
        Plan kept = Planner.allocate(open, options(), org.corridor.solve.SolveControl.NONE, Stability.of(previous, 1.0), 2).plan();
        Plan unweighted = Planner.allocate(open, options(), org.corridor.solve.SolveControl.NONE, Stability.of(previous, 0.0), 2).plan();

        assertThat(dispatchedVia(cold, "Q")).isCloseTo(100 / 0.99, within(EPS));
        assertThat(dispatchedVia(kept, "P")).isCloseTo(100 / 0.98, within(EPS));
        assertThat(dispatchedVia(kept, "Q")).isCloseTo(0, within(EPS));
        assertThat(kept.kpis().coverage()).isCloseTo(cold.kpis().coverage(), within(EPS));
        assertThat(dispatchedVia(unweighted, "Q")).as("weight 0 is the cold solve").isCloseTo(100 / 0.99, within(EPS));
    }
}
