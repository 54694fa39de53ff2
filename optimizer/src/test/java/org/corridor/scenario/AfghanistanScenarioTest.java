package org.corridor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.corridor.TestData;
import org.corridor.access.AccessRule;
import org.junit.jupiter.api.Test;

class AfghanistanScenarioTest {

    private static final Scenario AF = ScenarioLoader.load(TestData.afghanistan());

    @Test
    void bundledScenarioLoadsWithEveryPlaceRoadAgencyAndCommodity() {
        Map<Location.Kind, Long> kinds = AF.locations().stream().collect(Collectors.groupingBy(Location::kind, Collectors.counting()));
        assertThat(kinds).containsEntry(Location.Kind.PROVINCE_CENTRE, 34L).containsEntry(Location.Kind.BORDER_CROSSING, 11L)
                .containsEntry(Location.Kind.AIRPORT, 4L);
        assertThat(AF.roads()).hasSize(63);
        assertThat(AF.agencies()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(AF.agencies().stream().map(Agency::type).collect(Collectors.toSet())).containsExactlyInAnyOrder(Agency.Type.values());
        assertThat(AF.commodities()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(AF.commodities()).anyMatch(Commodity::needsWomenStaff);
        assertThat(AF.needs()).hasSize(34 * AF.commodities().size());
        assertThat(AF.startDate()).hasToString("2026-12-01");
        assertThat(ScenarioLoader.defaultHorizonDays(TestData.afghanistan())).hasValue(30);
    }

    @Test
    void everyAccessRuleTypeIsPresentAndMarkedIllustrative() {
        Set<String> types = new TreeSet<>();
        for (AccessRule r : AF.rules()) {
            types.add(r.getClass().getSimpleName());
            assertThat(r.provenance().source()).startsWith("ILLUSTRATIVE");
        }
        assertThat(types).containsExactlyInAnyOrder("RoadClosed", "EntryPointClosed", "AreaDenied", "PermitRequired", "WomenStaffBarred",
                "ConvoySizeLimit", "CommodityRestricted", "EscortImposed", "RiskOverride");
        assertThat(AF.rules()).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(AccessRule.AreaDenied.class, d -> assertThat(d.agency()).isNull()));
        assertThat(AF.rules()).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(AccessRule.AreaDenied.class, d -> assertThat(d.agency()).isNotNull()));
    }

    @Test
    void stockIsWellBelowNeedForEveryCommodity() {
        for (Commodity c : AF.commodities()) {
            double need = AF.needs().stream().filter(n -> n.commodity().equals(c.id())).mapToDouble(Need::tonnes).sum();
            double stock = AF.stocks().stream().filter(s -> s.commodity().equals(c.id())).mapToDouble(Stock::tonnes).sum();
            assertThat(stock).as(c.id()).isPositive().isLessThan(0.75 * need);
        }
        assertThat(AF.stocks().stream().map(Stock::location).distinct().count()).as("stock locations").isGreaterThanOrEqualTo(15);
    }

    @Test
    void salangIsShutForPartOfTheDefaultHorizonOnly() {
        Road salang = AF.roads().stream().filter(r -> r.name().contains("Salang")).findFirst().orElseThrow();
        assertThat(salang.closedOn(0)).isFalse();
        assertThat(salang.closedOn(29)).isTrue();
        assertThat(salang.closures().get(0).daysWithin(30)).isEqualTo(10);
        assertThat(salang.closures().get(0).daysWithin(14)).isZero();
    }

    @Test
    void peopleInNeedMatchTheNationalAnchor() {
        long pin = AF.needs().stream().filter(n -> n.commodity().equals("CEREALS")).mapToLong(Need::people).sum();
        long population = AF.locations().stream().mapToLong(Location::population).sum();
        // HNRP 2024: 23.7 M of 33.6 M people are in need; every province's cereal need targets all of its PiN
        assertThat((double) pin / population).isCloseTo(23.7 / 33.6, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void committedIllustrativeFilesEqualWhatTheGeneratorWrites() throws IOException {
        Path dir = TestData.afghanistan();
        for (Map.Entry<String, String> f : AfghanistanData.generate(dir).entrySet())
            assertThat(Files.readString(dir.resolve(f.getKey()))).as(f.getKey() + " is stale: run AfghanistanData").isEqualTo(f.getValue());
    }

    @Test
    void everyIllustrativeCsvStartsWithTheIllustrativeMark() throws IOException {
        for (String f : new String[] {"roads.csv", "agencies.csv", "fleet.csv", "commodities.csv", "stocks.csv", "needs.csv"})
            assertThat(Files.readAllLines(TestData.afghanistan().resolve(f)).get(0)).as(f).startsWith("# ILLUSTRATIVE");
    }
}
