package org.corridor.scenario;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridor.access.AccessRule;

/**
 * Compact builder of small hand-made scenarios for tests (illustrative data only). Locations are
 * province centres of their own province unless a province is named; every location lies in region
 * "R" unless given one. Agencies get one group of identical trucks based at the first location.
 *
 * <pre>{@code
 * Scenario s = ScenarioBuilder.create()
 *     .location("A").location("B")
 *     .road("R1", "A", "B", 100, 2, 1000, 0.1)
 *     .agency("UN1", 10, 10).commodity("FOOD")
 *     .stock("UN1", "A", "FOOD", 100).need("B", "FOOD", 50)
 *     .build();
 * }</pre>
 */
public final class ScenarioBuilder {
    /** Provenance for rules made in tests. */
    public static final AccessRule.Provenance TEST = new AccessRule.Provenance("test fixture", AccessRule.Reliability.E, LocalDate.of(2026, 1, 1));

    private final List<Location> locations = new ArrayList<>();
    private final List<Road> roads = new ArrayList<>();
    private final Map<String, AgencySpec> agencies = new LinkedHashMap<>();
    private final Map<String, Commodity> commodities = new LinkedHashMap<>();
    private final List<Stock> stocks = new ArrayList<>();
    private final List<Need> needs = new ArrayList<>();
    private final List<AccessRule> rules = new ArrayList<>();

    private ScenarioBuilder() {}

    public static ScenarioBuilder create() { return new ScenarioBuilder(); }

    /** A province centre that is its own province, in region "R". */
    public ScenarioBuilder location(String id) { return location(id, id, "R", Location.Kind.PROVINCE_CENTRE); }

    /** A location of a given kind inside a given province and region. */
    public ScenarioBuilder location(String id, String province, String region, Location.Kind kind) {
        locations.add(new Location(id, id, kind, province, region, 34, 69, 1000));
        return this;
    }

    /** An undirected road with no closures and no checkpoints. */
    public ScenarioBuilder road(String id, String from, String to, double km, double hours, double capacityTpd, double risk) {
        return road(new Road(id, from, to, km, hours, capacityTpd, risk, 0, false, List.of(), id));
    }

    public ScenarioBuilder road(Road road) {
        roads.add(road);
        return this;
    }

    /** A UN agency with {@code trucks} trucks of {@code payload} tonnes, fielding no women staff. */
    public ScenarioBuilder agency(String id, int trucks, double payload) { return agency(id, trucks, payload, Set.of()); }

    /** An agency fielding women staff in the named provinces. */
    public ScenarioBuilder agency(String id, int trucks, double payload, Set<String> womenStaffProvinces) {
        agencies.put(id, new AgencySpec(id, trucks, payload, womenStaffProvinces));
        return this;
    }

    private record AgencySpec(String id, int trucks, double payload, Set<String> womenStaffProvinces) {}

    public ScenarioBuilder commodity(String id) { return commodity(id, false); }

    public ScenarioBuilder commodity(String id, boolean needsWomenStaff) {
        commodities.put(id, new Commodity(id, id, 1, needsWomenStaff, 0, false));
        return this;
    }

    public ScenarioBuilder stock(String agency, String location, String commodity, double tonnes) {
        return stock(agency, location, commodity, tonnes, 0);
    }

    public ScenarioBuilder stock(String agency, String location, String commodity, double tonnes, int availableFromDay) {
        stocks.add(new Stock(agency, location, commodity, tonnes, availableFromDay));
        return this;
    }

    /** A phase-3 need with deadline day 365 representing 1000 people. */
    public ScenarioBuilder need(String location, String commodity, double tonnes) { return need(location, commodity, tonnes, 3, 365); }

    public ScenarioBuilder need(String location, String commodity, double tonnes, int phase, int latestDay) {
        needs.add(new Need(location, commodity, tonnes, phase, latestDay, 1000));
        return this;
    }

    public ScenarioBuilder rule(AccessRule rule) {
        rules.add(rule);
        return this;
    }

    public Scenario build() {
        String base = locations.isEmpty() ? "?" : locations.get(0).id();
        List<Agency> as = new ArrayList<>();
        for (AgencySpec a : agencies.values())
            as.add(new Agency(a.id(), a.id(), Agency.Type.UN, a.womenStaffProvinces(),
                    List.of(new Agency.Vehicle("TRUCK", a.payload(), a.trucks(), base))));
        return new Scenario("test", LocalDate.of(2026, 1, 1), locations, roads, as, new ArrayList<>(commodities.values()), stocks, needs, rules);
    }
}
