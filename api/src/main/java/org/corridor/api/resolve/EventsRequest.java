package org.corridor.api.resolve;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/plans/{planId}/events}.
 *
 * @param events          change events in the events JSON format (README, "Re-solving after an access
 *                        change"); each event's provenance {@code who} may be left out: it is always the
 *                        authenticated user
 * @param asOfDay         scenario day "now": convoys of the previous version departing before it have left
 *                        and are kept; default 0
 * @param stabilityWeight weight of one tonne of change to a previous route; default 1.0
 * @param coverageTolerance share of the optimal severity-weighted coverage the re-solve may give up to keep
 *                        previous routes, 0..0.01; never below the previous version's coverage where the new
 *                        version allows it; default 0.005
 * @param convoys         how the convoys the re-solve does not keep are scheduled: REPAIR (previous convoys placed
 *                        again where they still fit, the rest greedily; fast) or OPTIMISE (CP-SAT per agency; slower,
 *                        more tonnes); default REPAIR
 */
public record EventsRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "array of change events (RuleAdded, RuleLifted, RuleModified, "
                + "RoadChanged, StockChanged, NeedChanged), each with id and provenance {source, reliability A/B/C/E, asOf ISO instant}")
        JsonNode events,
        @Schema(nullable = true, example = "0", minimum = "0", maximum = "3650") Integer asOfDay,
        @Schema(nullable = true, example = "1.0", minimum = "0") Double stabilityWeight,
        @Schema(nullable = true, example = "0.005", minimum = "0", maximum = "0.01") Double coverageTolerance,
        @Schema(nullable = true, example = "REPAIR", allowableValues = {"REPAIR", "OPTIMISE"}) String convoys) {}
