package org.corridor.api.explain;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * Body of the POSTs that analyse a plan version (explanation, value of access, frontier); optional for
 * the first two. Read as JSON trees so every bad value is reported at its own JSON pointer.
 *
 * @param budgets risk budgets (shares of dispatched tonnes, each in [0, 1]) to solve the frontier at;
 *                required for a frontier, refused otherwise
 * @param threads re-solves run side by side (0 = the server's cores); default: the version's own option
 */
public record AnalysisRequest(
        @Schema(nullable = true, description = "frontier only: 1-12 risk budgets in [0, 1]", example = "[0.02, 0.05, 0.1]") JsonNode budgets,
        @Schema(nullable = true, description = "workers for the re-solves, 0 = all cores; default: the plan version's threads option",
                example = "2", minimum = "0") JsonNode threads) {}
