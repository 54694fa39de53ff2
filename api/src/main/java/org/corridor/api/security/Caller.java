package org.corridor.api.security;

/**
 * The authenticated user of a request, as controllers see it.
 *
 * @param username     who
 * @param role         what they may do
 * @param organisation agency id, or the coordination cell's id
 * @param hub          location id of a field team's hub; null for other roles
 */
public record Caller(String username, Role role, String organisation, String hub) {
    /** A field team is identified by its agency and hub. */
    public boolean isTeam(String agency, String hubId) {
        return role == Role.FIELD_TEAM && organisation.equals(agency) && hub.equals(hubId);
    }
}
