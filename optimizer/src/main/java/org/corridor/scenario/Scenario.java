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

        /** Where an item was read from: its file name and 1-based line (0 when built in code). */
        interface Where {
            Where NOWHERE = item -> 0;
            int line(Object item);
        }

        static List<Problem> crossReferences(List<Location> locations, List<Road> roads, List<Agency> agencies,
                                             List<Commodity> commodities, List<Stock> stocks, List<Need> needs,
                                             List<AccessRule> rules) {
            return crossReferences(locations, roads, agencies, commodities, stocks, needs, rules, Where.NOWHERE, java.util.Set.of());
        }

        /**
         * Every id a record names must resolve, and ids must be unique. {@code unreadable} holds ids of
         * rows the loader could not read: references to them are not reported again, so one broken row
         * gives one problem, not a cascade.
         */
        static List<Problem> crossReferences(List<Location> locations, List<Road> roads, List<Agency> agencies,
                                             List<Commodity> commodities, List<Stock> stocks, List<Need> needs,
                                             List<AccessRule> rules, Where where, java.util.Set<String> unreadable) {
            List<Problem> p = new ArrayList<>();
            Map<String, Location> loc = unique(locations, Location::id, "locations", where, p);
            Map<String, Road> road = unique(roads, Road::id, "roads.csv", where, p);
            Map<String, Agency> ag = unique(agencies, Agency::id, "agencies.csv", where, p);
            Map<String, Commodity> com = unique(commodities, Commodity::id, "commodities.csv", where, p);
            java.util.Set<String> provinces = new java.util.TreeSet<>();
            for (Location l : locations) provinces.add(l.province());
            java.util.function.BiPredicate<Map<String, ?>, String> known = (m, id) -> m.containsKey(id) || unreadable.contains(id);
            for (Road r : roads) {
                if (!known.test(loc, r.from())) p.add(new Problem("roads.csv", where.line(r), "from_id", "road " + r.id() + " starts at unknown location " + r.from()));
                if (!known.test(loc, r.to())) p.add(new Problem("roads.csv", where.line(r), "to_id", "road " + r.id() + " ends at unknown location " + r.to()));
            }
            for (Agency a : agencies) {
                for (Agency.Vehicle v : a.fleet())
                    if (!known.test(loc, v.base())) p.add(new Problem("fleet.csv", where.line(v), "base", "vehicles " + v.type() + " of " + a.id() + " are based at unknown location " + v.base()));
                for (String prov : a.womenStaffProvinces())
                    if (!provinces.contains(prov) && !unreadable.contains(prov)) p.add(new Problem("agencies.csv", where.line(a), "women_staff_provinces", "agency " + a.id() + " names unknown province " + prov));
            }
            java.util.Set<String> stockKeys = new java.util.HashSet<>();
            for (Stock s : stocks) {
                int line = where.line(s);
                if (!known.test(ag, s.agency())) p.add(new Problem("stocks.csv", line, "agency", "stock names unknown agency " + s.agency()));
                if (!known.test(loc, s.location())) p.add(new Problem("stocks.csv", line, "location", "stock names unknown location " + s.location()));
                if (!known.test(com, s.commodity())) p.add(new Problem("stocks.csv", line, "commodity", "stock names unknown commodity " + s.commodity()));
                if (!stockKeys.add(s.agency() + "|" + s.location() + "|" + s.commodity() + "|" + s.availableFromDay()))
                    p.add(new Problem("stocks.csv", line, "", "duplicate stock of " + s.commodity() + " for " + s.agency() + " at " + s.location() + " from day " + s.availableFromDay() + " (merge the rows)"));
            }
            java.util.Set<String> needKeys = new java.util.HashSet<>();
            for (Need n : needs) {
                int line = where.line(n);
                Location l = loc.get(n.location());
                if (!known.test(loc, n.location())) p.add(new Problem("needs.csv", line, "location", "need names unknown location " + n.location()));
                else if (l != null && l.kind().isEntryPoint()) p.add(new Problem("needs.csv", line, "location", "need is at entry point " + n.location() + "; needs belong to province or district centres"));
                if (!known.test(com, n.commodity())) p.add(new Problem("needs.csv", line, "commodity", "need names unknown commodity " + n.commodity()));
                if (!needKeys.add(n.location() + "|" + n.commodity()))
                    p.add(new Problem("needs.csv", line, "", "duplicate need of " + n.commodity() + " at " + n.location() + " (merge the rows)"));
            }
            for (int i = 0; i < rules.size(); i++) {
                AccessRule r = rules.get(i);
                String pointer = "/" + i;
                String[] bad = r.accept(new AccessRule.Visitor<String[]>() {
                    public String[] roadClosed(AccessRule.RoadClosed c) { return road(c.road()); }
                    public String[] entryPointClosed(AccessRule.EntryPointClosed c) {
                        Location l = loc.get(c.entryPoint());
                        return l != null && l.kind().isEntryPoint() || unreadable.contains(c.entryPoint()) ? null : new String[] {"entryPoint", "unknown entry point " + c.entryPoint()};
                    }
                    public String[] areaDenied(AccessRule.AreaDenied c) { return first(province(c.province()), agency(c.agency())); }
                    public String[] permitRequired(AccessRule.PermitRequired c) { return first(province(c.province()), agency(c.agency())); }
                    public String[] womenStaffBarred(AccessRule.WomenStaffBarred c) {
                        return first(province(c.province()), c.exemptAgencies().stream().map(this::exempt).filter(java.util.Objects::nonNull).findFirst().orElse(null));
                    }
                    public String[] convoySizeLimit(AccessRule.ConvoySizeLimit c) { return province(c.province()); }
                    public String[] commodityRestricted(AccessRule.CommodityRestricted c) {
                        return first(province(c.province()), known.test(com, c.commodity()) ? null : new String[] {"commodity", "unknown commodity " + c.commodity()});
                    }
                    public String[] escortImposed(AccessRule.EscortImposed c) { return road(c.road()); }
                    public String[] riskOverride(AccessRule.RiskOverride c) { return c.road() != null ? road(c.road()) : province(c.province()); }
                    private String[] road(String id) { return known.test(road, id) ? null : new String[] {"road", "unknown road " + id}; }
                    private String[] province(String id) { return provinces.contains(id) || unreadable.contains(id) ? null : new String[] {"province", "unknown province " + id}; }
                    private String[] agency(String id) { return id == null || known.test(ag, id) ? null : new String[] {"agency", "unknown agency " + id}; }
                    private String[] exempt(String id) { return known.test(ag, id) ? null : new String[] {"exemptAgencies", "unknown agency " + id}; }
                    private String[] first(String[] a, String[] b) { return a != null ? a : b; }
                });
                if (bad != null) p.add(new Problem("rules.json", where.line(r), pointer + "/" + bad[0], "rule " + r.id() + " names " + bad[1]));
            }
            Map<String, Integer> ruleIds = new java.util.HashMap<>();
            for (int i = 0; i < rules.size(); i++)
                if (ruleIds.putIfAbsent(rules.get(i).id(), i) != null)
                    p.add(new Problem("rules.json", where.line(rules.get(i)), "/" + i + "/id", "duplicate rule id " + rules.get(i).id()));
            return p;
        }

        private static <T> Map<String, T> unique(List<T> items, Function<T, String> id, String file, Where where, List<Problem> p) {
            Map<String, T> m = new LinkedHashMap<>();
            for (T t : items) {
                String key = id.apply(t);
                if (m.putIfAbsent(key, t) != null) {
                    String f = !(t instanceof Location) ? file : ((Location) t).kind().isEntryPoint() ? "entry_points.csv"
                            : ((Location) t).kind() == Location.Kind.PROVINCE_CENTRE ? "provinces.csv" : "places.csv";
                    p.add(new Problem(f, where.line(t), "id", "duplicate id " + key));
                }
            }
            return m;
        }
    }
}
