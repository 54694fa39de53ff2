package org.corridor.api.security;

/** What a user may do; object access is further scoped by organisation (see {@link AccessPolicy}). */
public enum Role {
    /** Requests and compares plans; in the coordination cell, sees every organisation's objects and the audit trail. */
    COORDINATOR,
    /** Uploads scenarios and solves for their own organisation. */
    PLANNER,
    /** One agency's team at one hub: reads its own dispatch, nothing else. */
    FIELD_TEAM
}
