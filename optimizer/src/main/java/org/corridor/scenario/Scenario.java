package org.corridor.scenario;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.corridor.access.AccessRule;

/**
 * The state of the world a plan is made for: places, roads, agencies with fleets, commodities,
 * stocks, needs and the access rules in force. Immutable; every cross-reference is checked when it
 * is built, and all problems are reported at once in a {@link ScenarioException}.
 *
 * <p>Lists keep the order they were given in (files are read in a fixed order), which is what makes
 * plans deterministic. Thread-safe: it never changes after construction.
 */
public record Scenario(String name, LocalDate startDate, List<Location> locations, List<Road> roads,
                       List<Agency> agencies, List<Commodity> commodities, List<Stock> stocks,
                       List<Need> needs, List<AccessRule> rules) {

    public Scenario {
        name = name == null || name.isBlank() ? "scenario" : name;
        if (startDate == null) startDate = LocalDate.of(2026, 1, 1);
        locations = List.copyOf(locations);
        roads = List.copyOf(roads);
        agencies = List.copyOf(agencies);
        commodities = List.copyOf(commodities);
        stocks = List.copyOf(stocks);
        needs = List.copyOf(needs);
        rules = List.copyOf(rules);
        List<Problem> problems = Validation.crossReferences(locations, roads, agencies, commodities, stocks, needs, rules);
        if (!problems.isEmpty()) throw new ScenarioException(problems);
    }

    /** The same world with another rule set (the rules are validated against it). */
    public Scenario withRules(List<AccessRule> newRules) {
        return new Scenario(name, startDate, locations, roads, agencies, commodities, stocks, needs, newRules);
    }

    public Map<String, Location> locationsById() { return index(locations, Location::id); }
    public Map<String, Road> roadsById() { return index(roads, Road::id); }
    public Map<String, Agency> agenciesById() { return index(agencies, Agency::id); }
    public Map<String, Commodity> commoditiesById() { return index(commodities, Commodity::id); }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : items) m.put(id.apply(t), t);
        return Collections.unmodifiableMap(m);
    }

    /** Cross-reference checks, kept apart so the loader can run them on what it read. */
    static final class Validation {
        private Validation() {}

        static List<Problem> crossReferences(List<Location> locations, List<Road> roads, List<Agency> agencies,
                                             List<Commodity> commodities, List<Stock> stocks, List<Need> needs,
                                             List<AccessRule> rules) {
            List<Problem> p = new ArrayList<>();
            Map<String, Location> loc = unique(locations, Location::id, "locations", p);
            Map<String, Road> road = unique(roads, Road::id, "roads", p);
            Map<String, Agency> ag = unique(agencies, Agency::id, "agencies", p);
            Map<String, Commodity> com = unique(commodities, Commodity::id, "commodities", p);
            unique(rules, AccessRule::id, "rules", p);
            java.util.Set<String> provinces = new java.util.TreeSet<>();
            for (Location l : locations) provinces.add(l.province());
            for (Road r : roads) {
                if (!loc.containsKey(r.from())) p.add(new Problem("roads", 0, "from", "road " + r.id() + " starts at unknown location " + r.from()));
                if (!loc.containsKey(r.to())) p.add(new Problem("roads", 0, "to", "road " + r.id() + " ends at unknown location " + r.to()));
            }
            for (Agency a : agencies) {
                for (Agency.Vehicle v : a.fleet())
                    if (!loc.containsKey(v.base())) p.add(new Problem("fleet", 0, "base", "vehicles " + v.type() + " of " + a.id() + " are based at unknown location " + v.base()));
                for (String prov : a.womenStaffProvinces())
                    if (!provinces.contains(prov)) p.add(new Problem("agencies", 0, "women_staff_provinces", "agency " + a.id() + " names unknown province " + prov));
            }
            for (Stock s : stocks) {
                if (!ag.containsKey(s.agency())) p.add(new Problem("stocks", 0, "agency", "stock names unknown agency " + s.agency()));
                if (!loc.containsKey(s.location())) p.add(new Problem("stocks", 0, "location", "stock names unknown location " + s.location()));
                if (!com.containsKey(s.commodity())) p.add(new Problem("stocks", 0, "commodity", "stock names unknown commodity " + s.commodity()));
            }
            for (Need n : needs) {
                if (!loc.containsKey(n.location())) p.add(new Problem("needs", 0, "location", "need names unknown location " + n.location()));
                if (!com.containsKey(n.commodity())) p.add(new Problem("needs", 0, "commodity", "need names unknown commodity " + n.commodity()));
            }
            for (AccessRule r : rules) {
                String bad = r.accept(new AccessRule.Visitor<String>() {
                    public String roadClosed(AccessRule.RoadClosed c) { return road(c.road()); }
                    public String entryPointClosed(AccessRule.EntryPointClosed c) {
                        Location l = loc.get(c.entryPoint());
                        return l != null && l.kind().isEntryPoint() ? null : "unknown entry point " + c.entryPoint();
                    }
                    public String areaDenied(AccessRule.AreaDenied c) { return first(province(c.province()), agency(c.agency())); }
                    public String permitRequired(AccessRule.PermitRequired c) { return first(province(c.province()), agency(c.agency())); }
                    public String womenStaffBarred(AccessRule.WomenStaffBarred c) {
                        return first(province(c.province()), c.exemptAgencies().stream().map(this::agency).filter(java.util.Objects::nonNull).findFirst().orElse(null));
                    }
                    public String convoySizeLimit(AccessRule.ConvoySizeLimit c) { return province(c.province()); }
                    public String commodityRestricted(AccessRule.CommodityRestricted c) {
                        return first(province(c.province()), com.containsKey(c.commodity()) ? null : "unknown commodity " + c.commodity());
                    }
                    public String escortImposed(AccessRule.EscortImposed c) { return road(c.road()); }
                    public String riskOverride(AccessRule.RiskOverride c) { return c.road() != null ? road(c.road()) : province(c.province()); }
                    private String road(String id) { return road.containsKey(id) ? null : "unknown road " + id; }
                    private String province(String id) { return provinces.contains(id) ? null : "unknown province " + id; }
                    private String agency(String id) { return id == null || ag.containsKey(id) ? null : "unknown agency " + id; }
                    private String first(String a, String b) { return a != null ? a : b; }
                });
                if (bad != null) p.add(new Problem("rules", 0, "", "rule " + r.id() + " names " + bad));
            }
            return p;
        }

        private static <T> Map<String, T> unique(List<T> items, Function<T, String> id, String file, List<Problem> p) {
            Map<String, T> m = new LinkedHashMap<>();
            for (T t : items) if (m.put(id.apply(t), t) != null) p.add(new Problem(file, 0, "id", "duplicate id " + id.apply(t)));
            return m;
        }
    }
}
