package org.corridor.api.plan;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.problem.ApiException;
import org.corridor.api.resolve.PlanHistory;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.corridor.plan.Json;
import org.corridor.plan.Plan;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Plans and their versions, and the exports of a version (GeoJSON routes, HXL coverage). */
@RestController
@RequestMapping("/api/v1/plans")
@Tag(name = "plans")
public class PlanController {
    static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final PlanStore plans;
    private final PlanHistory history;
    private final AccessPolicy access;
    private final AuditLog audit;

    public PlanController(PlanStore plans, PlanHistory history, AccessPolicy access, AuditLog audit) {
        this.plans = plans;
        this.history = history;
        this.access = access;
        this.audit = audit;
    }

    /** A plan with its version history. */
    public record PlanSummary(PlanStore.PlanInfo plan, List<PlanStore.VersionInfo> versions) {}

    @Operation(summary = "Plans of your organisation (all organisations for the coordination cell), newest first")
    @GetMapping
    public List<PlanStore.PlanInfo> list(Caller caller) {
        return plans.list(access.seesAll(caller) ? null : caller.organisation());
    }

    @Operation(summary = "A plan and its versions")
    @GetMapping("/{id}")
    public PlanSummary get(Caller caller, @PathVariable String id) {
        PlanStore.PlanInfo info = visible(caller, id);
        return new PlanSummary(info, plans.versions(id));
    }

    @Operation(summary = "The versions of a plan")
    @GetMapping("/{id}/versions")
    public List<PlanStore.VersionInfo> versions(Caller caller, @PathVariable String id) {
        visible(caller, id);
        return plans.versions(id);
    }

    @Operation(summary = "One version of a plan: the plan JSON (data/schemas/plan.schema.json)")
    @GetMapping(value = "/{id}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> version(Caller caller, @PathVariable String id, @PathVariable int version) {
        visible(caller, id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body(id, version));
    }

    @Operation(summary = "GeoJSON of a version's routes (latest when no version is given); reads are audited")
    @GetMapping(value = "/{id}/routes.geojson", produces = "application/geo+json")
    public ResponseEntity<Object> geoJson(Caller caller, @PathVariable String id, @RequestParam(required = false) Integer version) {
        PlanStore.PlanInfo info = visible(caller, id);
        PlanStore.Stored stored = history.stored(info, version == null ? info.latestVersion() : version);
        int v = stored.version();
        Object fc = PlanExports.geoJson(Json.read(stored.body(), Plan.class), history.scenarioOf(info, stored));
        audit.recordRead(caller, "plan.geojson.read", "plan", id + "/" + v, "");
        return ResponseEntity.ok().contentType(GEO_JSON).body(fc);
    }

    @Operation(summary = "Coverage by P-code and commodity as HXL-tagged CSV (latest version when none is given)")
    @GetMapping(value = "/{id}/coverage.csv", produces = "text/csv")
    public ResponseEntity<String> coverage(Caller caller, @PathVariable String id, @RequestParam(required = false) Integer version) {
        PlanStore.PlanInfo info = visible(caller, id);
        PlanStore.Stored stored = history.stored(info, version == null ? info.latestVersion() : version);
        return ResponseEntity.ok().contentType(CSV)
                .header("Content-Disposition", "attachment; filename=\"coverage-" + id + "-v" + stored.version() + ".csv\"")
                .body(PlanExports.coverageCsv(Json.read(stored.body(), Plan.class), history.scenarioOf(info, stored)));
    }

    private PlanStore.PlanInfo visible(Caller caller, String id) {
        PlanStore.PlanInfo info = plans.find(id).orElseThrow(() -> ApiException.notFound("plan", id));
        access.requireSees(caller, info.organisation(), "plan", id);
        return info;
    }

    private String body(String id, int version) {
        return plans.body(id, version).orElseThrow(() -> ApiException.notFound("plan version", id + "/" + version));
    }
}
