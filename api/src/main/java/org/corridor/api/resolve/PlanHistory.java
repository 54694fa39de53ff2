package org.corridor.api.resolve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.problem.ApiException;
import org.corridor.api.scenario.ScenarioCatalog;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.corridor.resolve.Event;
import org.corridor.resolve.PlanDiff;
import org.corridor.resolve.ScenarioVersion;
import org.corridor.scenario.Scenario;
import org.springframework.stereotype.Service;

/**
 * Plan versions read with their scenario versions: the scenario a version was made for (the
 * scenario plus the first {@code scenarioEvents} events of the plan organisation's history) and the
 * diff of two versions with the events between them. No access checks: callers have made them.
 */
@Service
public class PlanHistory {
    private static final int CACHED_VERSIONS = 16;

    private final PlanStore plans;
    private final ScenarioCatalog scenarios;
    private final EventStore events;
    /** Rebuilt scenario versions, most recently used last; applying events re-validates the whole scenario. */
    private final Map<String, Scenario> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Scenario> eldest) { return size() > CACHED_VERSIONS; }
    };

    public PlanHistory(PlanStore plans, ScenarioCatalog scenarios, EventStore events) {
        this.plans = plans;
        this.scenarios = scenarios;
        this.events = events;
    }

    /** A stored version, or 404. */
    public PlanStore.Stored stored(PlanStore.PlanInfo plan, int version) {
        return plans.stored(plan.id(), version).orElseThrow(() -> ApiException.notFound("plan version", plan.id() + "/" + version));
    }

    /** The scenario version made of the first {@code count} events of {@code organisation}'s history on {@code scenario}. */
    public Scenario scenario(String scenario, String organisation, int count) {
        if (count == 0) return scenarios.scenario(scenario);
        String key = scenario + "\n" + organisation + "\n" + count;
        synchronized (cache) {
            Scenario hit = cache.get(key);
            if (hit != null) return hit;
        }
        List<Event> history = events.history(scenario, organisation);
        Scenario s = ScenarioVersion.apply(scenarios.scenario(scenario), history.subList(0, Math.min(count, history.size())));
        synchronized (cache) {
            cache.put(key, s);
        }
        return s;
    }

    /** The scenario version {@code version} of {@code plan} was made for. */
    public Scenario scenarioOf(PlanStore.PlanInfo plan, PlanStore.Stored version) {
        return scenario(plan.scenario(), plan.organisation(), version.scenarioEvents());
    }

    /**
     * What changed for every field team from version {@code a} to version {@code b} of {@code plan},
     * each change attributed to the events recorded between the two scenario versions (none when
     * {@code b} was made with no more events than {@code a}).
     */
    public PlanDiff diff(PlanStore.PlanInfo plan, int a, int b) {
        PlanStore.Stored from = stored(plan, a), to = stored(plan, b);
        List<Event> between = List.of();
        if (to.scenarioEvents() > from.scenarioEvents())
            between = events.history(plan.scenario(), plan.organisation()).subList(from.scenarioEvents(), to.scenarioEvents());
        return PlanDiff.between(scenarioOf(plan, from), Json.read(from.body(), Plan.class), Json.read(to.body(), Plan.class), between);
    }
}
