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

/** The verifier's reading of each risk rule on the {@link HandPlan} network (R2: KAB in AF01 to B in AF02, base .20). */
class AccessReadingTest {
    private static final Road R1 = HandPlan.roads().get(0), R2 = HandPlan.roads().get(1), R3 = HandPlan.roads().get(2);

    private static AccessReading reading(AccessRule... rules) {
        return new AccessReading(HandPlan.scenario(List.of(rules)), 10);
    }

    @Test
    void withoutRulesTheBaseRiskHolds() {
        assertThat(reading().effectiveRisk(R2, "AG1")).isEqualTo(0.20);
    }

    @Test
    void roadOverrideReplacesTheBaseRiskAndBeatsAProvinceOverride() {
        assertThat(reading(new AccessRule.RiskOverride("O", "R2", null, 0.02, SOURCE, DayWindow.ALWAYS)).effectiveRisk(R2, "AG1")).isEqualTo(0.02);
        assertThat(reading(new AccessRule.RiskOverride("O", "R2", null, 0.02, SOURCE, DayWindow.ALWAYS),
                new AccessRule.RiskOverride("P", null, "AF02", 0.5, SOURCE, DayWindow.ALWAYS)).effectiveRisk(R2, "AG1")).isEqualTo(0.02);
    }

    @Test
    void provinceOverrideAppliesToEveryRoadTouchingTheProvince() {
        AccessReading r = reading(new AccessRule.RiskOverride("P", null, "AF02", 0.5, SOURCE, DayWindow.ALWAYS));
        assertThat(r.effectiveRisk(R2, "AG1")).isEqualTo(0.5);     // KAB-B: B is in AF02
        assertThat(r.effectiveRisk(R3, "AG1")).isEqualTo(0.05);    // KAB-C does not touch AF02
    }

    @Test
    void escortAddsItsRiskToTheRoad() {
        assertThat(reading(new AccessRule.EscortImposed("E", "R2", 0.1, 2, SOURCE, DayWindow.ALWAYS)).effectiveRisk(R2, "AG1"))
                .isCloseTo(0.30, within(1e-12));
    }

    @Test
    void permitAddsRiskOnlyForItsAgencyOnRoadsTouchingItsProvince() {
        AccessReading r = reading(new AccessRule.PermitRequired("P", "AF02", "AG2", 3, 0.1, SOURCE, DayWindow.ALWAYS));
        assertThat(r.effectiveRisk(R2, "AG2")).isCloseTo(0.30, within(1e-12));
        assertThat(r.effectiveRisk(R2, "AG1")).isEqualTo(0.20);
        assertThat(r.effectiveRisk(R1, "AG2")).isEqualTo(0.10);
    }

    @Test
    void addedRisksAreCappedBelowOne() {
        AccessReading r = reading(new AccessRule.RiskOverride("O", "R2", null, 0.9, SOURCE, DayWindow.ALWAYS),
                new AccessRule.EscortImposed("E", "R2", 0.5, 2, SOURCE, DayWindow.ALWAYS));
        assertThat(r.effectiveRisk(R2, "AG1")).isEqualTo(AccessReading.MAX_RISK);
    }

    @Test
    void riskRuleOutsideTheHorizonIsIgnored() {
        assertThat(reading(new AccessRule.EscortImposed("E", "R2", 0.1, 2, SOURCE, days(10, 40))).effectiveRisk(R2, "AG1")).isEqualTo(0.20);
    }

    @Test
    void openDaysLeaveOutSeasonalAndRuleClosures() {
        Road pass = new Road("R9", "KAB", "C", 100, 2, 10, 0.05, 1, false, List.of(days(0, 3)), "pass");
        AccessReading r = new AccessReading(HandPlan.scenario(List.of()), 10);
        assertThat(r.openDays(pass)).isEqualTo(6);
        AccessReading overlapping = reading(new AccessRule.RoadClosed("C", "R3", SOURCE, days(2, 4)));
        assertThat(overlapping.openDays(R3)).isEqualTo(7);
    }
}
