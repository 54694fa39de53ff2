package org.corridor.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds every problem body of the service the same way, for controllers (via {@link ProblemHandler})
 * and for code that runs before them (security filters, the servlet error page).
 */
@Component
public class ProblemWriter {
    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    /** The problem for {@code status} with a client-facing detail and optional located errors. */
    public static ProblemDetail problem(HttpStatus status, String detail, List<ProblemError> errors, String instance) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(status.getReasonPhrase());
        if (instance != null) p.setInstance(java.net.URI.create(safePath(instance)));
        if (!errors.isEmpty()) p.setProperty("errors", errors);
        return p;
    }

    /** Writes a problem straight to the servlet response (outside Spring MVC). */
    public void write(HttpServletRequest req, HttpServletResponse res, HttpStatus status, String detail) throws IOException {
        if (res.isCommitted()) return;
        ProblemDetail p = problem(status, detail, List.of(), req.getRequestURI());
        Map<String, Object> body = new LinkedHashMap<>();
        if (p.getType() != null) body.put("type", p.getType().toString());
        body.put("title", p.getTitle());
        body.put("status", p.getStatus());
        body.put("detail", p.getDetail());
        if (p.getInstance() != null) body.put("instance", p.getInstance().toString());
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        res.getOutputStream().write(json.writeValueAsBytes(body));
    }

    /** The request path as a relative URI reference; anything odd in it is dropped rather than echoed. */
    static String safePath(String path) {
        if (path == null || path.length() > 200 || !path.matches("[A-Za-z0-9/_.~-]*")) return "/";
        return path;
    }
}
