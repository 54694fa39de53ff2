package org.corridor.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.TestData;
import org.corridor.access.AccessRule;
import org.corridor.allocation.RoutePool;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.scenario.DayWindow;
import org.corridor.scenario.Need;
import org.corridor.scenario.Scenario;
import org.corridor.scenario.ScenarioBuilder;
import org.corridor.scenario.ScenarioLoader;
import org.corridor.scenario.Stock;
import org.corridor.solve.Planner;
import org.corridor.solve.SolveControl;
import org.corridor.solve.SolveOptions;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A re-solve that takes over the previous solve's compiled views and candidate routes ({@link RoutePool}) gives the plan
 * it gives without them, and regenerates only the agencies an event reaches.
 */
class RouteReuseTest {
    static final Event.Provenance WHO = EventsTest.WHO;

    /**
     * Illustrative: {@link ResolverTest#fork()} (WFP feeds S over HS or the detour H - D - S; UNICEF feeds N over HN),
     * with the detour's second road DS closed for works on days 0-2, a rule that a "reopen" event lifts, and 300 t of
     * UNICEF's water kits at D listed first (so that emptying it moves the index of every other stock lot); a side road
     * DX leads from D to X, where nothing is needed, so no route to a need location drives it.
     */
    static Scenario small() {
        return ResolverTest.forkRoads().location("X").road("DX", "D", "X", 50, 1, 1000, 0.01)
                .agency("WFP", 20, 10).agency("UNICEF", 20, 10).commodity("FOOD").commodity("WASH")
                .stock("UNICEF", "D", "WASH", 300).stock("WFP", "H", "FOOD", 1000).stock("UNICEF", "H", "WASH", 1000)
                .need("N", "WASH", 200).need("S", "FOOD", 200)
                .rule(new AccessRule.RoadClosed("R-DS-WORKS", "DS", ScenarioBuilder.TEST, new DayWindow(0, 2))).build();
    }

    /** One event of each kind on {@link #small()}. */
    static Map<String, Event> smallEvents() {
        Map<String, Event> m = new LinkedHashMap<>();
        m.put("close a road", new Event.RuleAdded("E-1", WHO, new AccessRule.RoadClosed("R-HS", "HS", ScenarioBuilder.TEST, DayWindow.ALWAYS)));
        m.put("close a side road", new Event.RuleAdded("E-1", WHO, new AccessRule.RoadClosed("R-DX", "DX", ScenarioBuilder.TEST, DayWindow.ALWAYS)));
        m.put("raise a side road's risk", new Event.RoadChanged("E-1", WHO, "DX", 0.2, null));
        m.put("deny an agency a province", new Event.RuleAdded("E-1", WHO, new AccessRule.AreaDenied("R-D", "D", "WFP", ScenarioBuilder.TEST, DayWindow.ALWAYS)));
        m.put("raise a road's risk", new Event.RoadChanged("E-1", WHO, "HS", 0.05, null));
        m.put("reopen a road", new Event.RuleLifted("E-1", WHO, "R-DS-WORKS"));
        m.put("change a stock", new Event.StockChanged("E-1", WHO, "UNICEF", "H", "WASH", 0, 150));
        m.put("empty a stock", new Event.StockChanged("E-1", WHO, "UNICEF", "D", "WASH", 0, 0));
        m.put("change a need", new Event.NeedChanged("E-1", WHO, "S", "FOOD", 120));
        return m;
    }

    @Test
    void everyEventKindGivesTheSamePlanWithTheColdSolvesRoutesAsWithout() {
        Scenario base = small();
        Planner.Outcome cold = Planner.solveInDetail(base, ResolverTest.OPTIONS, SolveControl.NONE);
        assertThat(cold.routePool()).isNotNull();
        for (Map.Entry<String, Event> e : smallEvents().entrySet()) {
            List<Event> events = List.of(e.getValue());
            Plan without = Resolver.resolve(base, events, cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE);
            Plan with = Resolver.resolveInDetail(base, events, cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE, cold.routePool()).plan();
            assertThat(Json.write(ResolverTest.withoutTimings(with))).as(e.getKey()).isEqualTo(Json.write(ResolverTest.withoutTimings(without)));
        }
    }

    @Test
    void anEventReachingOneAgencyRegeneratesOnlyItsRoutes() {
        Scenario base = small();
        Planner.Outcome cold = Planner.solveInDetail(base, ResolverTest.OPTIONS, SolveControl.NONE);
        assertThat(cold.routePool().regeneratedAgencies()).containsExactly("WFP", "UNICEF");
        Map<String, Event> events = smallEvents();

        // the denial reaches only WFP's view; emptying a stock only UNICEF's lots (WFP's lot moves up one index, and its
        // candidates follow); a stock's or a need's tonnes no candidate
        assertThat(regenerated(base, cold, events.get("deny an agency a province"))).containsExactly("WFP");
        assertThat(regenerated(base, cold, events.get("empty a stock"))).containsExactly("UNICEF");
        assertThat(regenerated(base, cold, events.get("change a stock"))).isEmpty();
        Planner.Outcome needChanged = resolve(base, cold, events.get("change a need"));
        assertThat(needChanged.routePool().regeneratedAgencies()).isEmpty();
        assertThat(needChanged.network().view("WFP")).isSameAs(cold.network().view("WFP"));
        // HS and DS are on both agencies' shortest paths to need locations (N and S are the targets of every agency's
        // trees, whatever it carries); the side road DX is on none, so closing it or raising its risk regenerates nothing
        assertThat(regenerated(base, cold, events.get("close a road"))).containsExactly("WFP", "UNICEF");
        assertThat(regenerated(base, cold, events.get("reopen a road"))).containsExactly("WFP", "UNICEF");
        assertThat(regenerated(base, cold, events.get("close a side road"))).isEmpty();
        assertThat(regenerated(base, cold, events.get("raise a side road's risk"))).isEmpty();
    }

    @Test
    void aResolvesPoolServesTheNextResolve() {
        Scenario base = small();
        Planner.Outcome cold = Planner.solveInDetail(base, ResolverTest.OPTIONS, SolveControl.NONE);
        List<Event> first = List.of(new Event.RuleAdded("E-1", WHO, new AccessRule.AreaDenied("R-D", "D", "WFP", ScenarioBuilder.TEST, DayWindow.ALWAYS)));
        Planner.Outcome v2 = Resolver.resolveInDetail(base, first, cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE, cold.routePool());
        Scenario version2 = ScenarioVersion.apply(base, first);
        List<Event> second = List.of(new Event.StockChanged("E-2", WHO, "UNICEF", "D", "WASH", 0, 0));
        Planner.Outcome with = Resolver.resolveInDetail(version2, second, v2.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE, v2.routePool());
        Plan without = Resolver.resolve(version2, second, v2.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE);
        assertThat(with.routePool().regeneratedAgencies()).containsExactly("UNICEF");
        assertThat(Json.write(ResolverTest.withoutTimings(with.plan()))).isEqualTo(Json.write(ResolverTest.withoutTimings(without)));
    }

    /**
     * The Afghanistan scenario, allocation stage only (the stage the pool enters; the later stages read its plan): for
     * each benchmark event, and stock and need changes, the re-solve's allocation with the cold solve's pool is the
     * one without.
     */
    @Test
    void onAfghanistanEveryEventKindAllocatesTheSameWithTheColdSolvesRoutes() {
        Scenario base = ScenarioLoader.load(TestData.afghanistan());
        SolveOptions d = SolveOptions.DEFAULTS;
        SolveOptions options = new SolveOptions(ScenarioLoader.defaultHorizonDays(TestData.afghanistan()).orElse(d.horizonDays()), d.riskBudget(),
                d.riskWeight(), d.routeRiskCap(), d.equityFloor(), d.timeLimitSeconds(), 2, d.seed());
        Planner.Outcome cold = Planner.allocate(base, options, SolveControl.NONE);
        Stock stock = base.stocks().get(0);
        Need need = base.needs().get(0);
        AccessRule.Provenance p = ScenarioBuilder.TEST;
        Map<String, Event> events = new LinkedHashMap<>();
        events.put("close Torkham", new Event.RuleAdded("E-1", WHO, new AccessRule.EntryPointClosed("B-TORKHAM", "BC_TORKHAM", p, DayWindow.ALWAYS)));
        events.put("close Salang", new Event.RuleAdded("E-1", WHO, new AccessRule.RoadClosed("B-SALANG", "R12", p, DayWindow.ALWAYS)));
        events.put("deny an agency", new Event.RuleAdded("E-1", WHO, new AccessRule.AreaDenied("B-DENY", "AF09", "UN_FOOD", p, DayWindow.ALWAYS)));
        events.put("raise a risk", new Event.RoadChanged("E-1", WHO, "R47", 0.10, null));
        events.put("reopen a crossing", new Event.RuleLifted("E-1", WHO, "EPC-GHULAM-KHAN"));
        events.put("change a stock", new Event.StockChanged("E-1", WHO, stock.agency(), stock.location(), stock.commodity(), stock.availableFromDay(),
                stock.tonnes() / 2));
        events.put("empty a stock", new Event.StockChanged("E-1", WHO, stock.agency(), stock.location(), stock.commodity(), stock.availableFromDay(), 0));
        events.put("change a need", new Event.NeedChanged("E-1", WHO, need.location(), need.commodity(), need.tonnes() / 2));
        Map<String, List<String>> regenerated = new LinkedHashMap<>();
        for (Map.Entry<String, Event> e : events.entrySet()) {
            Scenario next = ScenarioVersion.apply(base, List.of(e.getValue()));
            Planner.Outcome with = Resolver.allocate(next, cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE, cold.routePool());
            Plan without = Resolver.allocate(next, cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE).plan();
            assertThat(Json.write(ResolverTest.withoutTimings(with.plan()))).as(e.getKey()).isEqualTo(Json.write(ResolverTest.withoutTimings(without)));
            regenerated.put(e.getKey(), with.routePool().regeneratedAgencies());
        }
        // the denial reaches UN_FOOD only, emptying a stock its owner only (every later lot's index moves), tonnes nobody
        assertThat(regenerated.get("deny an agency")).containsExactly("UN_FOOD");
        assertThat(regenerated.get("empty a stock")).containsExactly(stock.agency());
        assertThat(regenerated.get("change a stock")).isEmpty();
        assertThat(regenerated.get("change a need")).isEmpty();
        // a crossing shut, a road closed or its risk raised: the agencies whose shortest paths reach it regenerate. Torkham is
        // a border crossing at the end of its road, so only agencies holding stock there do; Salang and its bypass R47
        // are on some path to a northern province from every origin, so every agency does
        int all = cold.routePool().agencies().size();
        List<String> atTorkham = base.stocks().stream().filter(s -> s.location().equals("BC_TORKHAM")).map(Stock::agency).distinct().toList();
        assertThat(regenerated.get("close Torkham")).containsAll(atTorkham).hasSizeLessThan(all);
        assertThat(regenerated.get("close Salang")).hasSize(all);
        assertThat(regenerated.get("raise a risk")).hasSize(all);
        // a rule lifted adds or improves roads: every agency whose view it reaches regenerates
        assertThat(regenerated.get("reopen a crossing")).hasSize(all);
    }

    /**
     * Random multi-agency grids ({@link ScenarioBuilder#randomGrid}, illustrative) and one random event that takes away
     * or worsens (a road closed for good or for some days, a road's risk raised, a border crossing shut, an agency denied
     * a province) or lifts a rule: the re-solve's allocation with the cold solve's pool is the one without it, whichever
     * agencies kept their candidates.
     */
    @Property(tries = 25)
    void onRandomGridsARandomEventAllocatesTheSameWithTheColdSolvesRoutes(@ForAll @IntRange(min = 1, max = 10_000) int seed,
                                                                          @ForAll @IntRange(min = 0, max = 5) int kind,
                                                                          @ForAll @IntRange(min = 0, max = 111) int pick) {
        allocatesTheSameWithAndWithoutThePool(seed, kind, pick);
    }

    /**
     * Samples on which the property found plans 1e-6 t apart: an agency's candidates taken over into a new view still
     * held the old view's arc objects, so a kept path equal to one of them joined the LP as a second column (paths are
     * told apart by their arcs' identity). Same optimum, the solution moving in its last digits.
     */
    @Test
    void keptPathsEqualToReusedCandidatesAreNotAddedTwice() {
        allocatesTheSameWithAndWithoutThePool(90, 0, 97);
        allocatesTheSameWithAndWithoutThePool(130, 2, 110);
    }

    private static void allocatesTheSameWithAndWithoutThePool(int seed, int kind, int pick) {
        Scenario base = ScenarioBuilder.randomGrid(seed);
        Planner.Outcome cold = Planner.allocate(base, ResolverTest.OPTIONS, SolveControl.NONE);
        AccessRule.Provenance p = ScenarioBuilder.TEST;
        String road = base.roads().get(pick % base.roads().size()).id();
        Event event = switch (kind) {
            case 0 -> new Event.RuleAdded("E-1", WHO, new AccessRule.RoadClosed("E-RC", road, p, DayWindow.ALWAYS));
            case 1 -> new Event.RuleAdded("E-1", WHO, new AccessRule.RoadClosed("E-RC", road, p, new DayWindow(3, 8)));
            case 2 -> new Event.RoadChanged("E-1", WHO, road, Math.min(0.5, base.roads().get(pick % base.roads().size()).baseRisk() + 0.05), null);
            case 3 -> new Event.RuleAdded("E-1", WHO, new AccessRule.EntryPointClosed("E-EPC", "L" + pick % 8 + "_0", p, DayWindow.ALWAYS));
            case 4 -> new Event.RuleAdded("E-1", WHO, new AccessRule.AreaDenied("E-AD", "P" + pick % 8, base.agencies().get(pick % 4).id(), p, DayWindow.ALWAYS));
            default -> new Event.RuleLifted("E-1", WHO, base.rules().get(pick % base.rules().size()).id());
        };
        Scenario next = ScenarioVersion.apply(base, List.of(event));
        Plan with = Resolver.allocate(next, cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE, cold.routePool()).plan();
        Plan without = Resolver.allocate(next, cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE).plan();
        assertThat(Json.write(ResolverTest.withoutTimings(with))).isEqualTo(Json.write(ResolverTest.withoutTimings(without)));
    }

    private static Planner.Outcome resolve(Scenario base, Planner.Outcome cold, Event event) {
        return Resolver.resolveInDetail(base, List.of(event), cold.plan(), ResolveOptions.DEFAULTS, SolveControl.NONE, cold.routePool());
    }

    private static List<String> regenerated(Scenario base, Planner.Outcome cold, Event event) {
        return resolve(base, cold, event).routePool().regeneratedAgencies();
    }
}
