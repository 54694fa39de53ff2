package org.corridor.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.corridor.verify.HandPlan.SOURCE;
import static org.corridor.verify.HandPlan.days;

import java.util.List;
import org.corridor.access.AccessRule;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Road;
import org.junit.jupiter.api.Test;

/**
 * The verifier's reading of each risk, time and capacity rule on the {@link HandPlan} network
 * (horizon 10 days; R2 runs from KAB in AF01 to B in AF02 with base risk .20).
 */
class AccessReadingTest {
    private static final Road R1 = HandPlan.roads().get(0), R2 = HandPlan.roads().get(1);

    private static AccessReading reading(AccessRule... rules) {
        return new AccessReading(HandPlan.scenario(List.of(rules)), 10);
    }

    private static double intoB(AccessReading r, String agency) { return r.legRisk(R2, "KAB", "B", agency); }

    @Test
    void withoutRulesTheBaseRiskHolds() {
        assertThat(intoB(reading(), "AG1")).isEqualTo(0.20);
    }

    @Test
    void overridesReplaceTheRiskInRuleOrderOnTheRoadOrOnRoadsTouchingTheProvince() {
        assertThat(intoB(reading(new AccessRule.RiskOverride("O", "R2", null, 0.02, SOURCE, DayWindow.ALWAYS)), "AG1")).isEqualTo(0.02);
        // the province rule comes second, so it has the last word on R2 (B lies in AF02)
        assertThat(intoB(reading(new AccessRule.RiskOverride("O", "R2", null, 0.02, SOURCE, DayWindow.ALWAYS),
                new AccessRule.RiskOverride("P", null, "AF02", 0.5, SOURCE, DayWindow.ALWAYS)), "AG1")).isEqualTo(0.5);
        assertThat(reading(new AccessRule.RiskOverride("P", null, "AF02", 0.5, SOURCE, DayWindow.ALWAYS)).legRisk(R1, "EP", "KAB", "AG1")).isEqualTo(0.10);
    }

    @Test
    void overrideInForceOnHalfTheHorizonActsOnHalfTheCargo() {
        // days 0-4 of 10: p = .5 x .20 + .5 x .60 = .40
        assertThat(intoB(reading(new AccessRule.RiskOverride("O", "R2", null, 0.6, SOURCE, days(0, 4))), "AG1")).isCloseTo(0.40, within(1e-12));
    }

    @Test
    void escortCompoundsItsRiskAndAddsItsExpectedHours() {
        // always: 1 - .8 x .9 = .28; on half the days: 1 - .8 x (1 - .05) = .24 and 2 + .5 x 2 = 3 h
        assertThat(intoB(reading(new AccessRule.EscortImposed("E", "R2", 0.1, 2, SOURCE, DayWindow.ALWAYS)), "AG1")).isCloseTo(0.28, within(1e-12));
        AccessReading half = reading(new AccessRule.EscortImposed("E", "R2", 0.1, 2, SOURCE, days(5, 9)));
        assertThat(intoB(half, "AG1")).isCloseTo(0.24, within(1e-12));
        assertThat(half.hours(R2)).isEqualTo(3.0);
    }

    @Test
    void permitAddsRiskOnlyForItsAgencyAndOnlyWhenEnteringItsProvince() {
        AccessReading r = reading(new AccessRule.PermitRequired("P", "AF02", "AG2", 3, 0.1, SOURCE, DayWindow.ALWAYS));
        assertThat(intoB(r, "AG2")).isCloseTo(0.28, within(1e-12));
        assertThat(intoB(r, "AG1")).isEqualTo(0.20);
        assertThat(r.legRisk(R2, "B", "KAB", "AG2")).isEqualTo(0.20);   // leaving AF02 needs no permit
        assertThat(r.permitDelayDays("AG2", List.of("AF02"))).isEqualTo(3);
        assertThat(r.permitDelayDays("AG1", List.of("AF02"))).isZero();
    }

    @Test
    void ruleOutsideTheHorizonChangesNothing() {
        AccessReading r = reading(new AccessRule.EscortImposed("E", "R2", 0.1, 2, SOURCE, days(10, 40)),
                new AccessRule.PermitRequired("P", "AF02", null, 3, 0.1, SOURCE, days(10, 40)));
        assertThat(intoB(r, "AG1")).isCloseTo(0.20, within(1e-15));
        assertThat(r.hours(R2)).isEqualTo(2.0);
        assertThat(r.permitDelayDays("AG1", List.of("AF02"))).isZero();
    }

    @Test
    void openDaysLeaveOutSeasonalClosuresRuleClosuresAndEndsClosedToAll() {
        Road pass = new Road("R2", "KAB", "B", 100, 2, 10, 0.2, 1, false, List.of(days(0, 3)), "pass");
        AccessReading r = new AccessReading(HandPlan.scenario(List.of(R1, pass), List.of(new AccessRule.RoadClosed("C", "R2", SOURCE, days(2, 4)))), 10);
        assertThat(r.openDays(pass)).isEqualTo(5);
        assertThat(reading(new AccessRule.EntryPointClosed("C", "EP", SOURCE, days(0, 2))).openDays(R1)).isEqualTo(7);
        assertThat(reading(new AccessRule.AreaDenied("C", "AF02", null, SOURCE, days(0, 0))).openDays(R2)).isEqualTo(9);
        assertThat(reading(new AccessRule.AreaDenied("C", "AF02", "AG1", SOURCE, days(0, 0))).openDays(R2)).isEqualTo(10);
    }

    @Test
    void convoyLimitCapsTheDailyTonnesOnItsDays() {
        // a 50 t/day road; 1-truck convoys of the largest payload (10 t) on days 0-4: 5 x 10 + 5 x 50
        Road wide = new Road("R2", "KAB", "B", 100, 2, 50, 0.2, 1, false, List.of(), "wide");
        AccessReading r = new AccessReading(HandPlan.scenario(List.of(R1, wide), List.of(new AccessRule.ConvoySizeLimit("L", "AF02", 1, SOURCE, days(0, 4)))), 10);
        assertThat(r.capacity(wide)).isEqualTo(300.0);
    }

    @Test
    void travelDaysRoundDrivingHoursUpToEightHourDays() {
        assertThat(AccessReading.travelDays(0)).isZero();
        assertThat(AccessReading.travelDays(8)).isEqualTo(1);
        assertThat(AccessReading.travelDays(8.5)).isEqualTo(2);
    }
}
