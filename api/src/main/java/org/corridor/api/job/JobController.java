package org.corridor.api.job;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;
import org.corridor.api.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Solves as asynchronous jobs: submit (202 + Location), poll, cancel. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "jobs")
public class JobController {
    private final JobService jobs;

    public JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @Operation(summary = "Submit a solve; answers 202 with the job and its Location",
            description = "Send an Idempotency-Key header to make retries safe: the same key and body return the same job.")
    @ApiResponse(responseCode = "202", description = "accepted (or replayed: header Idempotent-Replayed: true)")
    @ApiResponse(responseCode = "503", description = "the solve queue is full; see Retry-After")
    @PostMapping(value = "/solves", consumes = "application/json")
    public ResponseEntity<Job> submit(Caller caller, @RequestBody SolveRequest request,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        JobService.Submitted s = jobs.submit(caller, request, idempotencyKey);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + s.job().id()))
                .header("Idempotent-Replayed", Boolean.toString(s.replayed()))
                .body(s.job());
    }

    @Operation(summary = "Jobs of your organisation (all organisations for the coordination cell), newest first")
    @GetMapping("/jobs")
    public List<Job> list(Caller caller, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) throw ApiException.badRequest("limit must be 1..500", List.of(ProblemError.parameter("limit", "must be 1..500")));
        return jobs.list(caller, limit);
    }

    @Operation(summary = "A job's status, stage and progress; once SUCCEEDED it names the plan and version")
    @GetMapping("/jobs/{id}")
    public Job get(Caller caller, @PathVariable String id) {
        return jobs.get(caller, id);
    }

    @Operation(summary = "Cancel a queued or running job (202; a running solve stops at its next check)")
    @PostMapping("/jobs/{id}/cancel")
    public ResponseEntity<Job> cancel(Caller caller, @PathVariable String id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.cancel(caller, id));
    }
}
