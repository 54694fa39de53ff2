package org.corridor.api.dispatch;

import java.util.List;
import org.corridor.plan.Plan;

/**
 * What one field team (one agency at one hub) receives: the plan's routes of its agency that start
 * or end at its hub, and nothing of any other team. Sensitivity HIGH: it names roads and timings.
 *
 * @param planId      plan the dispatch comes from
 * @param version     version of that plan
 * @param agency      the team's agency
 * @param hub         the team's hub (location id)
 * @param sensitivity always HIGH
 * @param routes      the team's routes in the plan's order
 */
public record TeamDispatch(String planId, int version, String scenario, String agency, String hub, String sensitivity,
                           List<Plan.Route> routes) {

    static TeamDispatch of(Plan plan, String agency, String hub) {
        List<Plan.Route> mine = plan.routes().stream()
                .filter(r -> r.agency().equals(agency) && (r.origin().equals(hub) || r.destination().equals(hub)))
                .toList();
        return new TeamDispatch(plan.planId(), plan.version(), plan.scenario(), agency, hub, "HIGH", mine);
    }
}
