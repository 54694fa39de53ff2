package org.corridor.api.job;

import java.time.OffsetDateTime;

/**
 * A solve job as stored and as clients see it (no scenario or plan contents).
 *
 * @param status          QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param stage           pipeline stage last reported by the solver (compile, allocate, ...), or null
 * @param progress        0..1, as last reported
 * @param error           why it failed, in words the caller can act on; null otherwise
 * @param cancelRequested a cancel was asked and the solve has not stopped yet
 * @param planId          the plan this job produced (or was asked to make a new version of)
 * @param planVersion     the version it produced (or, for an analysis, analysed), once SUCCEEDED
 * @param kind            SOLVE (POST /solves), RESOLVE (change events posted to a plan), or an analysis of the
 *                        version planId/planVersion: EXPLAIN, VALUE_OF_ACCESS or FRONTIER
 */
public record Job(String id, String organisation, String createdBy, String scenario, Status status, String stage,
                  double progress, String error, boolean cancelRequested, String planId, Integer planVersion,
                  OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, String kind) {

    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;
        public boolean finished() { return this == SUCCEEDED || this == FAILED || this == CANCELLED; }
    }

    Job withCancelRequested(boolean requested) {
        return new Job(id, organisation, createdBy, scenario, status, stage, progress, error, requested, planId, planVersion,
                createdAt, startedAt, finishedAt, kind);
    }
}
