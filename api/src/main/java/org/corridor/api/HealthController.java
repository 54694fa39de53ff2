package org.corridor.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.corridor.api.job.JobService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness and readiness for load balancers and operators; public, and says nothing about data. */
@RestController
@Tag(name = "health")
public class HealthController {
    private final JdbcClient jdbc;
    private final JobService jobs;

    public HealthController(JdbcClient jdbc, JobService jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /** @param database UP when a query answers; @param solves admitted solves against the admission bound */
    public record Health(String status, String database, JobService.Capacity solves) {}

    @Operation(summary = "Service health: database reachable, solve capacity in use (no authentication)")
    @GetMapping("/api/v1/health")
    public ResponseEntity<Health> health() {
        boolean db;
        try {
            db = jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
        } catch (RuntimeException e) {
            db = false;
        }
        Health h = new Health(db ? "UP" : "DOWN", db ? "UP" : "DOWN", jobs.capacity());
        return ResponseEntity.status(db ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(h);
    }
}
