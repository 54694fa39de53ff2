package org.corridor.api.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (errors raised outside Spring MVC: bad URLs, oversized
 * headers, sendError calls) answers with a problem too, never Boot's default JSON or HTML.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    public ResponseEntity<ProblemDetail> error(HttpServletRequest req) {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // no error attribute: a client asked for /error itself, which is not a resource
        HttpStatus status = code == null ? HttpStatus.NOT_FOUND
                : code instanceof Integer i && HttpStatus.resolve(i) != null ? HttpStatus.resolve(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.value() < 400) status = HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = status.is5xxServerError() ? "The service could not handle this request." : "The request was refused: " + status.getReasonPhrase() + ".";
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemWriter.problem(status, detail, List.of(), uri == null ? null : uri.toString()));
    }
}
