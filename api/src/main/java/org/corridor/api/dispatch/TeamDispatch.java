package org.corridor.api.dispatch;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.corridor.plan.Plan;

/**
 * What one field team (one agency at one hub) receives: the convoys the plan gives to that team
 * and the routes those convoys drive, and nothing of any other team. Sensitivity HIGH: it names
 * roads and timings.
 *
 * @param planId      plan the dispatch comes from
 * @param version     version of that plan
 * @param team        the team id, {@code AGENCY@HUB}
 * @param sensitivity always HIGH
 * @param convoys     the team's convoys, in the plan's order
 * @param routes      the routes of those convoys, in the plan's order
 */
public record TeamDispatch(String planId, int version, String scenario, String team, String agency, String hub,
                           String sensitivity, List<Plan.Convoy> convoys, List<Plan.Route> routes) {

    static TeamDispatch of(Plan plan, String agency, String hub) {
        String team = Plan.teamId(agency, hub);
        List<Plan.Convoy> convoys = plan.convoys().stream().filter(c -> c.team().equals(team)).toList();
        Set<String> routeIds = convoys.stream().map(Plan.Convoy::route).collect(Collectors.toSet());
        List<Plan.Route> routes = plan.routes().stream().filter(r -> routeIds.contains(r.id())).toList();
        return new TeamDispatch(plan.planId(), plan.version(), plan.scenario(), team, agency, hub, "HIGH", convoys, routes);
    }
}
