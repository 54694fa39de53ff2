package org.corridor.api.explain;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.corridor.api.job.Job;
import org.corridor.api.job.JobService;
import org.corridor.api.plan.PlanStore;
import org.corridor.api.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Explanations of a plan version as resources beside it: {@code explanation} (why needs go unmet and
 * the value of each access rule), {@code value-of-access} (the value alone: fewer re-solves) and
 * {@code frontier} (plans at several risk budgets). POST computes one as a job (202 + Location of the
 * job); GET reads the newest computed, with a {@code Link} to the job that computed it. A frontier
 * point is adopted by POSTing it to {@code frontier/adoptions}: its plan becomes the plan's next version.
 */
@RestController
@RequestMapping("/api/v1/plans/{planId}/versions/{version}")
@Tag(name = "explanations")
public class AnalysisController {
    private static final String JOB = "The job (GET /api/v1/jobs/{id}: status, stage, progress; POST .../cancel) runs under the solve "
            + "queue's rules: Idempotency-Key, time limit, 503 + Retry-After when full. It recomputes the plan the optimizer makes for the "
            + "version's scenario version and options (for a version made by a re-solve: the fresh solve of the same scenario version, "
            + "without the stability term). Planners and coordinators of the plan's organisation; field teams get 403.";

    private final AnalysisService analyses;

    public AnalysisController(AnalysisService analyses) {
        this.analyses = analyses;
    }

    /**
     * Body of {@code POST .../frontier/adoptions}.
     *
     * @param frontier id of the FRONTIER job whose result holds the point
     * @param point    index of the point in that frontier's {@code points} (by rising risk budget)
     */
    public record Adoption(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "j-0123456789abcdef") String frontier,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0", minimum = "0") Integer point) {}

    @Operation(summary = "Explain a plan version: why each unmet need is unmet and what each access rule costs; 202 with the job",
            description = "Every cause and every value is confirmed by re-solving with one thing relaxed (data/schemas/explain.schema.json). "
                    + "Optional body {threads}. " + JOB)
    @ApiResponse(responseCode = "202", description = "accepted (or replayed: header Idempotent-Replayed: true)")
    @ApiResponse(responseCode = "422", description = "a bad body, each error located by a JSON pointer")
    @ApiResponse(responseCode = "503", description = "the solve queue is full; see Retry-After")
    @PostMapping(value = "/explanation")
    public ResponseEntity<Job> explain(Caller caller, @PathVariable String planId, @PathVariable int version,
                                       @RequestBody(required = false) AnalysisRequest request,
                                       @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        return accepted(analyses.submit(caller, planId, version, AnalysisService.Kind.EXPLAIN, request, idempotencyKey));
    }

    @Operation(summary = "The newest explanation of a plan version (data/schemas/explain.schema.json); 404 until one is computed; reads are audited")
    @GetMapping(value = "/explanation", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> explanation(Caller caller, @PathVariable String planId, @PathVariable int version) {
        return stored(analyses.newest(caller, planId, version, AnalysisService.Kind.EXPLAIN));
    }

    @Operation(summary = "Value every access rule in force for a plan version (dual estimate and confirming re-solve); 202 with the job",
            description = "The explanation without why-unmet: one re-solve per rule, run side by side on the job's workers. "
                    + "Optional body {threads}. " + JOB)
    @ApiResponse(responseCode = "202", description = "accepted (or replayed: header Idempotent-Replayed: true)")
    @ApiResponse(responseCode = "422", description = "a bad body, each error located by a JSON pointer")
    @ApiResponse(responseCode = "503", description = "the solve queue is full; see Retry-After")
    @PostMapping(value = "/value-of-access")
    public ResponseEntity<Job> valueOfAccess(Caller caller, @PathVariable String planId, @PathVariable int version,
                                             @RequestBody(required = false) AnalysisRequest request,
                                             @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        return accepted(analyses.submit(caller, planId, version, AnalysisService.Kind.VALUE_OF_ACCESS, request, idempotencyKey));
    }

    @Operation(summary = "The newest value of access of a plan version (explain.schema.json with whyUnmet empty); 404 until one is computed")
    @GetMapping(value = "/value-of-access", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> valueOfAccessResult(Caller caller, @PathVariable String planId, @PathVariable int version) {
        return stored(analyses.newest(caller, planId, version, AnalysisService.Kind.VALUE_OF_ACCESS));
    }

    @Operation(summary = "Solve a plan version's scenario at several risk budgets and keep the non-dominated plans; 202 with the job",
            description = "Body {budgets: [1-12 shares in [0, 1]], threads}. Each point is a full plan that can be adopted "
                    + "(POST .../frontier/adoptions). " + JOB)
    @ApiResponse(responseCode = "202", description = "accepted (or replayed: header Idempotent-Replayed: true)")
    @ApiResponse(responseCode = "422", description = "missing or bad budgets, each located by a JSON pointer")
    @ApiResponse(responseCode = "503", description = "the solve queue is full; see Retry-After")
    @PostMapping(value = "/frontier", consumes = "application/json")
    public ResponseEntity<Job> frontier(Caller caller, @PathVariable String planId, @PathVariable int version,
                                        @RequestBody AnalysisRequest request,
                                        @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        return accepted(analyses.submit(caller, planId, version, AnalysisService.Kind.FRONTIER, request, idempotencyKey));
    }

    @Operation(summary = "The newest risk frontier of a plan version (data/schemas/frontier.schema.json); 404 until one is computed",
            description = "The Link header names the FRONTIER job that computed it: the id an adoption refers to.")
    @GetMapping(value = "/frontier", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> frontierResult(Caller caller, @PathVariable String planId, @PathVariable int version) {
        return stored(analyses.newest(caller, planId, version, AnalysisService.Kind.FRONTIER));
    }

    @Operation(summary = "Adopt a frontier point: its plan becomes the plan's next version; 201 with its Location",
            description = "Planners and coordinators of the plan's organisation. The new version is made for the same scenario version "
                    + "as the one the frontier was computed for; dispatches follow it like any new version. Idempotency-Key: a retry "
                    + "returns the version the first request made.")
    @ApiResponse(responseCode = "201", description = "the new version")
    @ApiResponse(responseCode = "422", description = "no such frontier job for this version, or no such point")
    @PostMapping(value = "/frontier/adoptions", consumes = "application/json")
    public ResponseEntity<PlanStore.Saved> adopt(Caller caller, @PathVariable String planId, @PathVariable int version,
                                                 @RequestBody Adoption adoption,
                                                 @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        PlanStore.Saved saved = analyses.adopt(caller, planId, version, adoption.frontier(), adoption.point(), idempotencyKey);
        return ResponseEntity.created(URI.create("/api/v1/plans/" + saved.planId() + "/versions/" + saved.version())).body(saved);
    }

    private static ResponseEntity<Job> accepted(JobService.Submitted s) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + s.job().id()))
                .header("Idempotent-Replayed", Boolean.toString(s.replayed()))
                .body(s.job());
    }

    private static ResponseEntity<String> stored(AnalysisStore.Analysis a) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("Link", "</api/v1/jobs/" + a.job() + ">; rel=\"via\"")
                .body(a.body());
    }
}
