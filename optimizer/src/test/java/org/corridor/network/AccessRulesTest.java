package org.corridor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.corridor.access.AccessRule;
import org.corridor.plan.Plan;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Location;
import org.corridor.scenario.Road;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.solve.Planner;
import org.corridor.solve.VerifiedPlanner;
import org.corridor.solve.SolveOptions;
import org.junit.jupiter.api.Test;

/**
 * Every access rule type changes the plan as it should. The network (horizon 10 days): entry point
 * A (province PA) reaches C (PC) either through B (PB) on riskless roads, or through D (PD) on a
 * road losing 5 %. UN1 holds 100 t of FOOD at A; C needs 60 t. Without rules everything goes
 * A-B-C (no diversion, same cost), so each rule shows by moving the cargo or stopping it.
 */
class AccessRulesTest {
    private static final double EPS = 1e-5;
    private static final SolveOptions OPTIONS = new SolveOptions(10, null, 0.01, 0.5, 0, 30, 1, 4711);
    private static final DayWindow ALWAYS = DayWindow.ALWAYS;

    private static ScenarioBuilder base() {
        return ScenarioBuilder.create()
                .location("A", "PA", "East", Location.Kind.BORDER_CROSSING)
                .location("B", "PB", "North", Location.Kind.PROVINCE_CENTRE)
                .location("C", "PC", "North", Location.Kind.PROVINCE_CENTRE)
                .location("D", "PD", "South", Location.Kind.PROVINCE_CENTRE)
                .road("AB", "A", "B", 100, 2, 1000, 0).road("BC", "B", "C", 100, 2, 1000, 0)
                .road("AD", "A", "D", 100, 2, 1000, 0.05).road("DC", "D", "C", 100, 2, 1000, 0)
                .agency("UN1", 100, 10, Set.of("PC")).commodity("FOOD").commodity("NUT", true)
                .stock("UN1", "A", "FOOD", 100).need("C", "FOOD", 60);
    }

    private static Plan solve(ScenarioBuilder b) { return VerifiedPlanner.solve(b.build(), OPTIONS); }

    private static double via(Plan p, String road) {
        return p.routes().stream().filter(r -> r.legs().stream().anyMatch(l -> l.road().equals(road)))
                .mapToDouble(Plan.Route::tonnesDispatched).sum();
    }

    private static double delivered(Plan p) { return p.kpis().deliveredTonnes(); }

    @Test
    void withoutRulesTheSafePathCarriesEverything() {
        Plan p = solve(base());
        assertThat(via(p, "AB")).isCloseTo(60, within(EPS));
        assertThat(via(p, "AD")).isZero();
    }

    @Test
    void roadClosedForTheHorizonSendsCargoRoundIt() {
        Plan p = solve(base().rule(new AccessRule.RoadClosed("RC", "BC", ScenarioBuilder.TEST, ALWAYS)));
        assertThat(via(p, "BC")).isZero();
        assertThat(via(p, "AD")).isCloseTo(60 / 0.95, within(EPS)); // 60 t delivered through the 5 % road
    }

    @Test
    void roadClosedForSomeDaysDelaysAndCutsCapacity() {
        // BC closed on days 0-4: open 5 of 10 days at 10 t/day = 50 t, and only from day 5 on.
        Scenario s = base().road(new Road("BC2", "B", "C", 100, 2, 10, 0, 0, false, List.of(), "narrow"))
                .rule(new AccessRule.RoadClosed("RC", "BC", ScenarioBuilder.TEST, ALWAYS))
                .rule(new AccessRule.RoadClosed("RC2", "BC2", ScenarioBuilder.TEST, new DayWindow(0, 4))).build();
        CompiledNetwork net = CompiledNetwork.compile(s, 10);
        assertThat(net.roads().get("BC2").daysOpen()).isEqualTo(5);
        assertThat(net.roads().get("BC2").openCapacity()).isCloseTo(50, within(EPS));
        Plan p = VerifiedPlanner.solve(s, OPTIONS);
        assertThat(via(p, "BC2")).isCloseTo(50, within(EPS));
        assertThat(p.routes()).filteredOn(r -> r.legs().stream().anyMatch(l -> l.road().equals("BC2")))
                .allSatisfy(r -> assertThat(r.departureDay()).isEqualTo(5));
    }

    @Test
    void entryPointClosedStopsItsStockForTheDaysClosed() {
        Plan shut = solve(base().rule(new AccessRule.EntryPointClosed("EPC", "A", ScenarioBuilder.TEST, ALWAYS)));
        assertThat(shut.routes()).isEmpty();
        Plan later = solve(base().rule(new AccessRule.EntryPointClosed("EPC", "A", ScenarioBuilder.TEST, new DayWindow(0, 3))));
        assertThat(later.routes()).isNotEmpty().allSatisfy(r -> assertThat(r.departureDay()).isEqualTo(4));
        assertThat(delivered(later)).isCloseTo(60, within(EPS));
    }

    @Test
    void areaDeniedToTheAgencyIsNeitherCrossedNorServed() {
        Plan transit = solve(base().rule(new AccessRule.AreaDenied("AD", "PB", "UN1", ScenarioBuilder.TEST, ALWAYS)));
        assertThat(via(transit, "AB")).isZero();
        assertThat(delivered(transit)).isCloseTo(60, within(EPS));
        // The destination denied to UN1 but not to NGO2: only NGO2 serves it.
        Plan dest = solve(base().agency("NGO2", 100, 10).stock("NGO2", "A", "FOOD", 20)
                .rule(new AccessRule.AreaDenied("AD", "PC", "UN1", ScenarioBuilder.TEST, ALWAYS)));
        assertThat(dest.routes()).extracting(Plan.Route::agency).containsOnly("NGO2");
        assertThat(delivered(dest)).isCloseTo(20, within(EPS));
        // Denied to all agencies: nobody gets in.
        Plan all = solve(base().rule(new AccessRule.AreaDenied("AD", "PC", null, ScenarioBuilder.TEST, ALWAYS)));
        assertThat(all.routes()).isEmpty();
    }

    @Test
    void permitRequiredDelaysDepartureAndAddsRiskOnTheRoadThatEnters() {
        // Permit for PC: 3 days' delay and 10 % added risk on the road into PC; BC then loses 10 %
        // and DC 10 % after AD's 5 %, so A-B-C (10 %) still beats A-D-C (14.5 %).
        Plan p = solve(base().rule(new AccessRule.PermitRequired("PR", "PC", null, 3, 0.1, ScenarioBuilder.TEST, ALWAYS)));
        assertThat(p.routes()).singleElement().satisfies(r -> {
            assertThat(r.departureDay()).isEqualTo(3);
            assertThat(r.legs()).extracting(Plan.Leg::road).containsExactly("AB", "BC");
            assertThat(r.legs().get(0).risk()).isZero();
            assertThat(r.legs().get(1).risk()).isCloseTo(0.1, within(1e-12));
            assertThat(r.tonnesDelivered()).isCloseTo(60, within(EPS));
        });
    }

    @Test
    void womenStaffCommoditiesNeedAnAgencyFieldingWomenAndAnExemptionWhereBarred() {
        ScenarioBuilder nut = base().stock("UN1", "A", "NUT", 50).need("C", "NUT", 30);
        assertThat(solve(nut).routes()).extracting(Plan.Route::commodity).contains("NUT");
        Plan barred = solve(base().stock("UN1", "A", "NUT", 50).need("C", "NUT", 30)
                .rule(new AccessRule.WomenStaffBarred("WSB", "PC", Set.of(), ScenarioBuilder.TEST, ALWAYS)));
        assertThat(barred.routes()).extracting(Plan.Route::commodity).containsOnly("FOOD");
        Plan exempt = solve(base().stock("UN1", "A", "NUT", 50).need("C", "NUT", 30)
                .rule(new AccessRule.WomenStaffBarred("WSB", "PC", Set.of("UN1"), ScenarioBuilder.TEST, ALWAYS)));
        assertThat(exempt.routes()).extracting(Plan.Route::commodity).contains("NUT");
        // An agency with no women staff in PC never delivers NUT there, bar or not.
        Plan noWomen = solve(base().agency("NGO2", 100, 10).stock("NGO2", "A", "NUT", 50).need("C", "NUT", 30));
        assertThat(noWomen.routes()).filteredOn(r -> r.agency().equals("NGO2")).isEmpty();
    }

    @Test
    void convoySizeLimitCapsDailyTonnesOnTheProvincesRoads() {
        // Horizon 5 days; 1 truck x 10 t (the largest payload) per day on roads touching PB: AB and BC
        // carry 50 t over the horizon, so 50 of the 60 t go through B and 10 t through D.
        Plan p = VerifiedPlanner.solve(base().rule(new AccessRule.ConvoySizeLimit("CSL", "PB", 1, ScenarioBuilder.TEST, ALWAYS)).build(),
                new SolveOptions(5, null, 0.01, 0.5, 0, 30, 1, 4711));
        assertThat(via(p, "AB")).isCloseTo(50, within(EPS));
        assertThat(via(p, "AD")).isCloseTo(10 / 0.95, within(EPS));
    }

    @Test
    void commodityRestrictedIsNotCarriedThroughOrIntoTheProvince() {
        Plan transit = solve(base().rule(new AccessRule.CommodityRestricted("CR", "PB", "FOOD", ScenarioBuilder.TEST, ALWAYS)));
        assertThat(via(transit, "AB")).isZero();
        assertThat(delivered(transit)).isCloseTo(60, within(EPS));
        Plan dest = solve(base().stock("UN1", "A", "NUT", 50).need("C", "NUT", 30)
                .rule(new AccessRule.CommodityRestricted("CR", "PC", "FOOD", ScenarioBuilder.TEST, ALWAYS)));
        assertThat(dest.routes()).extracting(Plan.Route::commodity).containsOnly("NUT");
    }

    @Test
    void escortImposedAddsRiskAndHours() {
        // A 10 % escort risk on BC makes A-B-C (10 %) worse than A-D-C (5 %).
        Plan p = solve(base().rule(new AccessRule.EscortImposed("EI", "BC", 0.1, 4, ScenarioBuilder.TEST, ALWAYS)));
        assertThat(via(p, "BC")).isZero();
        assertThat(via(p, "AD")).isCloseTo(60 / 0.95, within(EPS));
        CompiledNetwork net = CompiledNetwork.compile(base()
                .rule(new AccessRule.EscortImposed("EI", "AD", 0.1, 4, ScenarioBuilder.TEST, ALWAYS)).build(), 10);
        assertThat(net.roads().get("AD").risk()).isCloseTo(1 - 0.95 * 0.9, within(1e-12)); // independent hazards
        assertThat(net.roads().get("AD").hours()).isCloseTo(6, within(1e-12));
    }

    @Test
    void riskOverrideReplacesTheRoadsRisk() {
        Plan road = solve(base().rule(new AccessRule.RiskOverride("RO", "AB", null, 0.2, ScenarioBuilder.TEST, ALWAYS)));
        assertThat(via(road, "AB")).isZero();
        // Province override on PD makes both of D's roads riskless: A-D-C then ties with A-B-C on
        // risk and cost, and the override shows on the compiled road.
        CompiledNetwork net = CompiledNetwork.compile(base()
                .rule(new AccessRule.RiskOverride("RO", null, "PD", 0.0, ScenarioBuilder.TEST, ALWAYS)).build(), 10);
        assertThat(net.roads().get("AD").risk()).isZero();
    }

    @Test
    void aRuleInForceOnPartOfTheHorizonActsInProportion() {
        // An escort on AD for days 0-4 of 10 (f = 0.5) adds 0.5 x 10 % in expectation: 1 - 0.95 x 0.95.
        CompiledNetwork net = CompiledNetwork.compile(base()
                .rule(new AccessRule.EscortImposed("EI", "AD", 0.1, 4, ScenarioBuilder.TEST, new DayWindow(0, 4))).build(), 10);
        assertThat(net.roads().get("AD").risk()).isCloseTo(1 - 0.95 * 0.95, within(1e-12));
        assertThat(net.roads().get("AD").hours()).isCloseTo(4, within(1e-12));
    }

    @Test
    void seasonalClosureReducesOpenDays() {
        Scenario s = base().road(new Road("PASS", "B", "D", 50, 1, 7, 0, 0, false, List.of(new DayWindow(2, 5)), "pass")).build();
        CompiledNetwork.EffectiveRoad pass = CompiledNetwork.compile(s, 10).roads().get("PASS");
        assertThat(pass.daysOpen()).isEqualTo(6);
        assertThat(pass.openCapacity()).isCloseTo(42, within(EPS));
    }
}
