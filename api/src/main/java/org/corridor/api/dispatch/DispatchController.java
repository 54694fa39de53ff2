package org.corridor.api.dispatch;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.corridor.api.audit.AuditLog;
import org.corridor.api.problem.ApiException;
import org.corridor.api.security.AccessPolicy;
import org.corridor.api.security.Caller;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A field team's current dispatch, for the team itself (and its agency's planners, and the
 * coordination cell). Conditional GET: send the last ETag in If-None-Match and get a 304 with no
 * body until the plan changes. Every read, 304s included, is in the audit trail, and so is every read refused
 * by the access check or for want of a current plan (403, 404), as {@code dispatch.refused}. The read is found by
 * its own handler mapping ({@link Routing}), ahead of the one holding every other endpoint.
 */
@RestController
@Tag(name = "dispatches")
public class DispatchController {
    private final DispatchService dispatches;
    private final AccessPolicy access;
    private final AuditLog audit;

    public DispatchController(DispatchService dispatches, AccessPolicy access, AuditLog audit) {
        this.dispatches = dispatches;
        this.access = access;
        this.audit = audit;
    }

    @Operation(summary = "The current dispatch of the team of {agency} at {hub} (ETag; If-None-Match gives 304)")
    @GetMapping(value = "/api/v1/teams/{agency}/{hub}/dispatch", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> current(Caller caller, @PathVariable String agency, @PathVariable String hub,
                                          @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch,
                                          @RequestHeader(value = "Accept-Encoding", required = false) String acceptEncoding) {
        DispatchService.Cached d;
        try {
            access.requireReadsDispatch(caller, agency, hub);
            d = dispatches.current(agency, hub).orElseThrow(() -> ApiException.notFound("current plan for team", agency + "/" + hub));
        } catch (ApiException refused) {
            // someone asking for a team's routes and convoy days that they may not have, or that do not exist, is
            // what an audit of this data is for: recorded like a read (the status only; the path is cut to 160 characters)
            audit.recordRead(caller, "dispatch.refused", "dispatch", agency + "/" + hub, "status=" + refused.status().value());
            throw refused;
        }
        boolean unchanged = matches(ifNoneMatch, d.etag());
        audit.recordRead(caller, "dispatch.read", "dispatch", agency + "/" + hub,
                "plan=" + d.planId() + " version=" + d.version() + (unchanged ? " not-modified" : ""));
        var response = ResponseEntity.status(unchanged ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .eTag(d.etag())
                .varyBy(HttpHeaders.ACCEPT_ENCODING)
                .cacheControl(CacheControl.noCache().cachePrivate());
        if (unchanged) return response.build();
        response.contentType(MediaType.APPLICATION_JSON);
        // the stored gzip bytes; a Content-Encoding already set keeps Tomcat from compressing again
        return acceptsGzip(acceptEncoding) ? response.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(d.gzip()) : response.body(d.json());
    }

    /** Whether an Accept-Encoding header (RFC 9110 12.5.3) admits gzip: listed, or *, with a q-value above 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        Boolean star = null;
        for (String element : acceptEncoding.split(",")) {
            String[] parts = element.split(";", -1);
            String coding = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            boolean acceptable = true;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
                if (param.startsWith("q=")) acceptable = positive(param.substring(2).trim());
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) return acceptable;
            if (coding.equals("*")) star = acceptable;
        }
        return Boolean.TRUE.equals(star);
    }

    /** A q-value above 0; a malformed one counts as 0 (do not send what the client may not read). */
    private static boolean positive(String q) {
        if (!q.matches("(0(\\.[0-9]{0,3})?|1(\\.0{0,3})?)")) return false;
        return Double.parseDouble(q) > 0;
    }

    /** RFC 9110 weak comparison against a list of entity tags (or *). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) return true;
            if (c.startsWith("W/")) c = c.substring(2);
            if (c.equals(bare)) return true;
        }
        return false;
    }

    /**
     * A request mapping holding this controller's endpoint only, consulted before Spring MVC's main one
     * (order 0, which keeps it too). The main one finds a path with variables by testing the request against
     * every endpoint's conditions in turn, each test asking the request for its method and headers through
     * the request wrappers of Spring Security's filters: 31 % of the request threads' CPU samples in dispatch
     * reads once compiled, 44 % while compiling (JFR, 2,000 reads/s); with this mapping 11 %, and the service's
     * CPU per read 5-9 % lower (README). Here the dispatch path is tested against one endpoint; every other
     * request pays one failed test. Same conditions, argument binding and return handling (the shared adapter).
     * Not an autowiring candidate: whoever asks for "the" RequestMappingHandlerMapping still gets the main one.
     */
    @Configuration(proxyBeanMethods = false)
    static class Routing {
        static final int ORDER = -1;

        @Bean(autowireCandidate = false)
        static RequestMappingHandlerMapping dispatchReadMapping(@Qualifier("mvcContentNegotiationManager") ContentNegotiationManager negotiation) {
            RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping() {
                @Override
                protected boolean isHandler(Class<?> beanType) {
                    return DispatchController.class.isAssignableFrom(beanType);
                }
            };
            mapping.setContentNegotiationManager(negotiation);
            mapping.setOrder(ORDER);
            return mapping;
        }
    }
}
