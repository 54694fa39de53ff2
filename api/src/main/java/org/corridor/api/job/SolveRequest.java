package org.corridor.api.job;

import io.swagger.v3.oas.annotations.media.Schema;
import org.corridor.solve.SolveOptions;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/solves}.
 *
 * @param scenario id of a scenario the caller can see
 * @param plan     id of an existing plan of the caller's organisation to add a version to; null = a new plan
 * @param options  solve options; any option left out takes its default
 */
public record SolveRequest(
        @Schema(example = "afghanistan", requiredMode = Schema.RequiredMode.REQUIRED) String scenario,
        @Schema(nullable = true) String plan,
        @Schema(implementation = SolveOptions.class, nullable = true) JsonNode options) {}
