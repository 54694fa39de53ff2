package org.corridor.scenario;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /**
     * A seeded random multi-agency instance (illustrative): an 8 x 8 grid of locations, one province
     * per row, roads between neighbours with random risk, hours and capacity; 4 agencies holding 3
     * commodities at the grid's west edge; needs at 20 random locations; one rule of several types.
     */
    public static Scenario randomGrid(long seed) {
        Random rnd = new Random(seed);
        ScenarioBuilder b = create();
        int n = 8;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                b.location("L" + i + "_" + j, "P" + i, "REG" + (i / 3), j == 0 ? Location.Kind.BORDER_CROSSING : Location.Kind.DISTRICT_CENTRE);
        int road = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                if (j + 1 < n) b.road("R" + road++, "L" + i + "_" + j, "L" + i + "_" + (j + 1), 50 + rnd.nextInt(150), 1 + rnd.nextInt(6), 50 + rnd.nextInt(400), rnd.nextInt(80) / 1000.0);
                if (i + 1 < n) b.road("R" + road++, "L" + i + "_" + j, "L" + (i + 1) + "_" + j, 50 + rnd.nextInt(150), 1 + rnd.nextInt(6), 50 + rnd.nextInt(400), rnd.nextInt(80) / 1000.0);
            }
        String[] agencies = {"UN1", "UN2", "NGO1", "RC1"};
        b.commodity("FOOD").commodity("WASH").commodity("NUT", true);
        for (int a = 0; a < agencies.length; a++) {
            b.agency(agencies[a], 5 + rnd.nextInt(20), 10 + rnd.nextInt(3) * 5, Set.of("P" + a, "P" + (a + 3)));
            for (String c : List.of("FOOD", "WASH", "NUT"))
                b.stock(agencies[a], "L" + rnd.nextInt(n) + "_0", c, 200 + rnd.nextInt(800), rnd.nextInt(3));
        }
        Set<String> needed = new java.util.TreeSet<>();
        while (needed.size() < 20) needed.add("L" + rnd.nextInt(n) + "_" + (1 + rnd.nextInt(n - 1)));
        for (String loc : needed)
            for (String c : List.of("FOOD", "WASH", "NUT"))
                if (rnd.nextInt(3) > 0) b.need(loc, c, 50 + rnd.nextInt(400), 3 + rnd.nextInt(3), 10 + rnd.nextInt(30));
        AccessRule.Provenance t = TEST;
        b.rule(new AccessRule.RoadClosed("RC", "R3", t, new DayWindow(0, 9)))
                .rule(new AccessRule.AreaDenied("AD", "P5", "UN2", t, DayWindow.ALWAYS))
                .rule(new AccessRule.PermitRequired("PR", "P2", null, 2, 0.02, t, DayWindow.ALWAYS))
                .rule(new AccessRule.WomenStaffBarred("WSB", "P3", Set.of("RC1"), t, DayWindow.ALWAYS))
                .rule(new AccessRule.ConvoySizeLimit("CSL", "P6", 3, t, DayWindow.ALWAYS))
                .rule(new AccessRule.CommodityRestricted("CR", "P7", "WASH", t, DayWindow.ALWAYS))
                .rule(new AccessRule.EscortImposed("EI", "R10", 0.03, 2, t, new DayWindow(5, 20)))
                .rule(new AccessRule.RiskOverride("RO", null, "P4", 0.06, t, DayWindow.ALWAYS));
        return b.build();
    }

}
