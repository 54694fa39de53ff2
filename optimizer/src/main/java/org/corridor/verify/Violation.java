package org.corridor.verify;

import java.util.Objects;

/**
 * One way in which a plan breaks the scenario's physics, stocks, needs or access rules, as found by
 * {@link PlanVerifier}.
 *
 * @param code     what kind of violation
 * @param objectId the id of what it concerns: a route id, a road id, a need key
 *                 ({@code location/commodity}), a stock key ({@code agency/location/commodity}),
 *                 a KPI name, or {@code plan} for plan-wide checks
 * @param message  what is wrong, in words a planner can act on; never a coordinate
 */
public record Violation(Code code, String objectId, String message) {

    public Violation {
        Objects.requireNonNull(code, "violation code is required");
        if (objectId == null || objectId.isBlank()) throw new IllegalArgumentException("violation of " + code + " must name the object concerned");
        if (message == null || message.isBlank()) throw new IllegalArgumentException("violation of " + code + " needs a message");
    }

    /** The kinds of violation, one per check the verifier performs. */
    public enum Code {
        /** A route names an agency or commodity the scenario does not have, or carries negative tonnes. */
        UNKNOWN_REFERENCE,
        /** A leg names a road the scenario does not have. */
        UNKNOWN_ROAD,
        /** Legs do not join end to end from the route's origin to its destination, or drive a one-way road backwards. */
        DISCONNECTED_ROUTE,
        /** The route starts where its agency holds no stock of its commodity within the horizon. */
        NO_STOCK_AT_ORIGIN,
        /** The route ends where there is no need for its commodity. */
        NO_NEED_AT_DESTINATION,
        /**
         * The route's days do not add up: departure outside the horizon or before its stock and permits
         * allow, arrival not departure + travel days, or arrival after the need's deadline.
         */
        TIMING,
        /** A leg uses a road closed (seasonally or by rule) on one of the route's travel days. */
        ROAD_CLOSED,
        /** A route passes a border crossing or airport closed by rule on one of its travel days. */
        ENTRY_POINT_CLOSED,
        /** A route visits a province denied to its agency on one of its travel days. */
        AREA_DENIED,
        /** A commodity needing women staff is delivered by an agency that may not distribute it there then. */
        WOMEN_STAFF,
        /** A commodity is brought into a province where it is restricted on one of the route's travel days. */
        COMMODITY_RESTRICTED,
        /** A leg's km or hours are not those of its road (hours with expected escort time). */
        LEG_MISMATCH,
        /** A route loses a larger share of its cargo than the plan's per-route risk cap. */
        ROUTE_RISK_CAP,
        /** Expected diversion exceeds the plan's risk budget (share of dispatched tonnes). */
        RISK_BUDGET,
        /** More is dispatched from an (agency, location, commodity), in total or by some day, than its stock available by then. */
        STOCK_EXCEEDED,
        /** More is delivered to a (location, commodity) than its need. */
        NEED_EXCEEDED,
        /** A leg's stated risk is not the effective risk, or its tonnes out are not tonnes in x (1 - risk). */
        LOSS_MISMATCH,
        /** A route's tonnes do not follow its legs (dispatched = first leg in, delivered = last leg out, legs chained, diversion = difference). */
        ROUTE_TOTALS,
        /** More tonnes enter a road in one direction over the horizon than it carries on its open days. */
        ROAD_CAPACITY,
        /** The plan's unmet need per location and commodity is not need minus delivered. */
        UNMET_MISMATCH,
        /** A KPI differs from its value recomputed from the routes and the scenario. */
        KPI_MISMATCH,
        /** A last-mile tour leaves before its shift, serves a stop outside its window, arrives before it can drive there, or returns after its shift. */
        LAST_MILE_TIME_WINDOW,
        /** A last-mile tour carries more than its vehicle's payload, or its load is not the sum of its stops. */
        LAST_MILE_CAPACITY,
        /** A last-mile tour accumulates more risk than the plan's per-route risk cap, or misstates it. */
        LAST_MILE_RISK_CAP,
        /** A last-mile stop that needs women staff is served by a team that has none there that day, or is mislabelled. */
        LAST_MILE_WOMEN_STAFF,
        /** A convoy names an unknown route, agency or vehicle, another agency's route, or the plan lacks its convoy record. */
        CONVOY_REFERENCE,
        /** An agency uses more vehicles of a type at a base than it has on some day, counting convoys' round trips and last-mile tours. */
        FLEET_EXCEEDED,
        /** More of an agency's trucks enter a road on a day than a convoy size limit in force there allows. */
        CONVOY_CAP,
        /** A convoy departs outside the horizon or before its permits, drives a road closed or denied that day, arrives late, or its trucks are committed for less than the round trip. */
        CONVOY_TIMING,
        /** A manifest holds other goods, exceeds its trucks' payload or the route's tonnes, or disagrees with the route schedule or loss share. */
        CONVOY_MANIFEST
    }

    @Override public String toString() { return code + " " + objectId + ": " + message; }
}
