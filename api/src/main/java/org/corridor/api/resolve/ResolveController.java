package org.corridor.api.resolve;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.corridor.api.job.Job;
import org.corridor.api.job.JobService;
import org.corridor.api.security.Caller;
import org.corridor.resolve.PlanDiff;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Change events and re-solves: record events on a plan (a RESOLVE job makes its next version), diff two versions, read the event history. */
@RestController
@Tag(name = "re-solves")
public class ResolveController {
    private final ResolveService resolves;

    public ResolveController(ResolveService resolves) {
        this.resolves = resolves;
    }

    @Operation(summary = "Record change events on a plan and re-solve it; answers 202 with the job and its Location",
            description = "Planners and coordinators, on their own organisation's plans. The events are checked against the newest "
                    + "scenario version of your organisation's history on the plan's scenario, recorded (you are their provenance 'who'; "
                    + "each is audited) and a RESOLVE job is queued like a solve (Idempotency-Key, cancel, time limit). When it succeeds "
                    + "it names the plan's new version; GET /plans/{planId}/versions/{a}/diff/{b} says what changed.")
    @ApiResponse(responseCode = "202", description = "accepted (or replayed: header Idempotent-Replayed: true)")
    @ApiResponse(responseCode = "422", description = "bad events or options, each located by a JSON pointer; nothing is recorded")
    @ApiResponse(responseCode = "503", description = "the solve queue is full; nothing is recorded; see Retry-After")
    @PostMapping(value = "/api/v1/plans/{planId}/events", consumes = "application/json")
    public ResponseEntity<Job> record(Caller caller, @PathVariable String planId, @RequestBody EventsRequest request,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        JobService.Submitted s = resolves.record(caller, planId, request, idempotencyKey);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + s.job().id()))
                .header("Idempotent-Replayed", Boolean.toString(s.replayed()))
                .body(s.job());
    }

    @Operation(summary = "What changed for each field team from version a to version b of a plan, each change with the event that caused it",
            description = "Field teams may read the diffs of their agency's and the coordination cell's plans and get only their own team's part.")
    @GetMapping("/api/v1/plans/{planId}/versions/{a}/diff/{b}")
    public PlanDiff diff(Caller caller, @PathVariable String planId, @PathVariable int a, @PathVariable int b) {
        return resolves.diff(caller, planId, a, b);
    }

    @Operation(summary = "Change events recorded on a scenario: your organisation's history (every organisation's for the coordination cell), in order")
    @GetMapping("/api/v1/scenarios/{scenarioId}/events")
    public List<EventStore.Recorded> events(Caller caller, @PathVariable String scenarioId) {
        return resolves.events(caller, scenarioId);
    }
}
