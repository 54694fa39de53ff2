package org.corridor.api.security;

import org.corridor.api.CorridorProperties;
import org.corridor.api.problem.ApiException;
import org.springframework.stereotype.Component;

/**
 * The object-level access model, checked on every object a request touches (URL rules in
 * {@link SecurityConfig} only admit roles to endpoints):
 * <ul>
 *   <li>coordinators of the coordination cell see every organisation's scenarios, jobs, plans,
 *       dispatches and audit events; any other user sees only its own organisation's;</li>
 *   <li>a shared scenario (the bundled one) is readable and solvable by every coordinator and planner;</li>
 *   <li>a field team sees only the dispatch of its own agency and hub, and its own part of the diffs
 *       of the plans its dispatches come from (its agency's and the coordination cell's);</li>
 *   <li>an object of another organisation answers 404, as if it did not exist, so ids cannot be probed.</li>
 * </ul>
 */
@Component
public class AccessPolicy {
    private final String cell;

    public AccessPolicy(CorridorProperties properties) {
        this.cell = properties.coordinationCell();
    }

    /** The organisation of the coordination cell. */
    public String coordinationCell() { return cell; }

    /** True when the caller sees every organisation's objects. */
    public boolean seesAll(Caller c) {
        return c.role() == Role.COORDINATOR && c.organisation().equals(cell);
    }

    /** True when the caller may read an object owned by {@code organisation}. */
    public boolean sees(Caller c, String organisation) {
        return c.role() != Role.FIELD_TEAM && (seesAll(c) || c.organisation().equals(organisation));
    }

    /** Throws 404 unless the caller may read an object of {@code organisation}. */
    public void requireSees(Caller c, String organisation, String kind, String id) {
        if (!sees(c, organisation)) throw ApiException.notFound(kind, id);
    }

    /**
     * Throws 404 unless the caller, a field team, works from plans of {@code organisation}: its own
     * agency's and the coordination cell's (the plans its dispatch is taken from).
     */
    public void requireTeamWorksFrom(Caller c, String organisation, String kind, String id) {
        boolean ok = c.role() == Role.FIELD_TEAM && (c.organisation().equals(organisation) || cell.equals(organisation));
        if (!ok) throw ApiException.notFound(kind, id);
    }

    /**
     * Throws 403 unless the caller may read the dispatch of the team {@code agency} at {@code hub}: the
     * team itself, a planner or coordinator of that agency, or a coordinator of the cell.
     */
    public void requireReadsDispatch(Caller c, String agency, String hub) {
        boolean ok = c.role() == Role.FIELD_TEAM ? c.isTeam(agency, hub) : sees(c, agency);
        if (!ok) throw ApiException.forbidden("this dispatch belongs to another team");
    }
}
