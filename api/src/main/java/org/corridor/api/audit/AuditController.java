package org.corridor.api.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.corridor.api.problem.ApiException;
import org.corridor.api.problem.ProblemError;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, for coordinators: the cell's see every organisation, others their own. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit")
public class AuditController {
    private final AuditLog audit;
    private final AccessPolicy access;

    public AuditController(AuditLog audit, AccessPolicy access) {
        this.audit = audit;
        this.access = access;
    }

    @Operation(summary = "Audit events, newest first; page with ?before=<id of the last event seen>")
    @GetMapping
    public List<AuditLog.Event> events(Caller caller, @RequestParam(defaultValue = "100") int limit,
                                       @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > 1000) throw ApiException.badRequest("limit must be 1..1000", List.of(ProblemError.parameter("limit", "must be 1..1000")));
        return audit.read(access.seesAll(caller) ? null : caller.organisation(), before, limit);
    }
}
