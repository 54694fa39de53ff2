package org.corridor.api.scenario;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import org.corridor.api.problem.ApiException;
import org.corridor.api.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Scenarios: the bundled Afghanistan one and uploads (a zip of a scenario folder). */
@RestController
@RequestMapping("/api/v1/scenarios")
@Tag(name = "scenarios")
public class ScenarioController {
    /** Largest accepted upload; the zip's content is bounded separately. */
    static final int MAX_UPLOAD_BYTES = 20 << 20;
    private final ScenarioCatalog catalog;

    public ScenarioController(ScenarioCatalog catalog) {
        this.catalog = catalog;
    }

    @Operation(summary = "Scenarios you can see (the shared bundled one and your organisation's uploads)")
    @GetMapping
    public List<ScenarioCatalog.ScenarioInfo> list(Caller caller) {
        return catalog.list(caller);
    }

    @Operation(summary = "One scenario: ids and counts (coordinates are served only in a plan's GeoJSON)")
    @GetMapping("/{id}")
    public ScenarioCatalog.ScenarioInfo get(Caller caller, @PathVariable String id) {
        return catalog.get(caller, id);
    }

    @Operation(summary = "Upload a scenario: a zip of the folder's files, as in data/afghanistan",
            description = "Validated by the optimizer's loader; every problem is returned at once in a 422, located as /file/line/field. "
                    + "Send an Idempotency-Key header to make retries safe.",
            requestBody = @RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/zip",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))))
    @PostMapping(consumes = "application/zip")
    public ResponseEntity<ScenarioCatalog.ScenarioInfo> upload(Caller caller, HttpServletRequest request,
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) throws IOException {
        ScenarioCatalog.Uploaded u = catalog.upload(caller, body(request), idempotencyKey);
        return ResponseEntity.status(u.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/api/v1/scenarios/" + u.scenario().id()))
                .header("Idempotent-Replayed", Boolean.toString(u.replayed()))
                .body(u.scenario());
    }

    /** The request body, refused with 413 beyond {@link #MAX_UPLOAD_BYTES} without reading it all. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_UPLOAD_BYTES) throw tooLarge();
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_UPLOAD_BYTES + 1);
            if (bytes.length > MAX_UPLOAD_BYTES) throw tooLarge();
            return bytes;
        }
    }

    private static ApiException tooLarge() {
        return ApiException.payloadTooLarge("A scenario upload may be at most " + (MAX_UPLOAD_BYTES >> 20) + " MB.");
    }
}
