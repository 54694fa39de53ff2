package org.corridor.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.UUID;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every exception that reaches Spring MVC into an RFC 9457 problem (application/problem+json).
 * Details are our own words: framework and parser messages can echo request content, so they are
 * never copied into a body. Unexpected failures get a 500 with an incident id that is also logged.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest req) {
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfterSeconds() != null) headers.set(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString());
        return respond(e.status(), e.getMessage(), e.errors(), req, headers);
    }

    /** Unreadable body: malformed JSON, a wrong type, an unknown property or a value its record rejects. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest req) {
        Throwable cause = e.getCause();
        if (!(cause instanceof JacksonException je)) {
            return respond(HttpStatus.BAD_REQUEST, "The request body is missing or unreadable.", List.of(), req, new HttpHeaders());
        }
        String pointer = pointer(je);
        String what;
        if (je instanceof StreamReadException) what = "malformed JSON";
        else if (je instanceof UnrecognizedPropertyException) what = "unknown property (check its spelling against the OpenAPI document)";
        else if (je instanceof ValueInstantiationException vie && vie.getCause() instanceof IllegalArgumentException iae) what = iae.getMessage();
        else if (je instanceof InvalidFormatException ife) what = "expected a value of type " + ife.getTargetType().getSimpleName();
        else if (je instanceof MismatchedInputException mie && mie.getTargetType() != null) what = "expected a value of type " + mie.getTargetType().getSimpleName();
        else what = "invalid value";
        return respond(HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this endpoint.",
                List.of(ProblemError.at(pointer, what)), req, new HttpHeaders());
    }

    /** A path or query parameter of the wrong type (e.g. a version that is not a number). */
    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<ProblemDetail> mistyped(TypeMismatchException e, HttpServletRequest req) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String type = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return respond(HttpStatus.BAD_REQUEST, "A parameter has the wrong type.",
                List.of(ProblemError.parameter(name == null ? "" : name, "expected a value of type " + type)), req, new HttpHeaders());
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest req) {
        if (e instanceof ErrorResponse er) return framework(er, req);
        return respond(HttpStatus.BAD_REQUEST, "The multipart request is malformed.", List.of(), req, new HttpHeaders());
    }

    /**
     * Parameters (query string or form body) that cannot be read: Tomcat refuses to decode them (a stray
     * {@code %}, bad hex, bytes that are not UTF-8), or Spring Security's firewall rejects a name or value
     * (control characters). Both are raised only when something first reads the parameters, inside Spring MVC,
     * so they arrive here rather than at the firewall's own handler. Client errors; their messages quote the
     * parameter, so neither the body nor the log repeats them.
     */
    @ExceptionHandler({InvalidParameterException.class, RequestRejectedException.class})
    ResponseEntity<ProblemDetail> unreadableParameters(RuntimeException e, HttpServletRequest req) {
        return respond(HttpStatus.BAD_REQUEST, "The query string or form body is not valid percent-encoded UTF-8 without control characters.",
                List.of(), req, new HttpHeaders());
    }

    /** The client went away mid-response: nothing to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void gone() {}

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> other(Exception e, HttpServletRequest req) {
        if (e instanceof ErrorResponse er) return framework(er, req);
        if (clientWentAway(e)) {
            // a field team on a poor connection hung up mid-response: routine, nobody left to answer
            log.info("client closed the connection during {} {}", req.getMethod(), ProblemWriter.safePath(req.getRequestURI()));
            return null;
        }
        String incident = UUID.randomUUID().toString();
        log.error("incident {} on {} {}", incident, req.getMethod(), ProblemWriter.safePath(req.getRequestURI()), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error; quote incident " + incident + " to the operators.",
                List.of(), req, new HttpHeaders());
    }

    /** Tomcat's ClientAbortException (a broken pipe or reset while writing the body), however wrapped. */
    static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t.getClass().getSimpleName().equals("ClientAbortException")) return true;
        return false;
    }

    /** Spring's own client errors (404, 405, 406, 415, missing or mistyped parameters, 413) with our wording. */
    private ResponseEntity<ProblemDetail> framework(ErrorResponse er, HttpServletRequest req) {
        HttpStatusCode code = er.getStatusCode();
        HttpStatus status = HttpStatus.resolve(code.value());
        if (status == null) status = HttpStatus.BAD_REQUEST;
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(er.getHeaders());
        String detail = switch (status.value()) {
            case 404 -> "No such resource; the OpenAPI document at /v3/api-docs lists every endpoint.";
            case 405 -> "This method is not supported here; see the Allow header.";
            case 406 -> "No representation matches the Accept header.";
            case 413 -> "The request body is too large.";
            case 415 -> "This content type is not accepted here.";
            default -> status.is5xxServerError() ? "The service could not handle this request." : "The request is invalid: a parameter or header is missing or has the wrong type.";
        };
        if (status.is5xxServerError()) log.error("framework error {} on {}", status.value(), ProblemWriter.safePath(req.getRequestURI()));
        return respond(status, detail, List.of(), req, headers);
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, String detail, List<ProblemError> errors,
                                                         HttpServletRequest req, HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemWriter.problem(status, detail, errors, req.getRequestURI()));
    }

    /** RFC 6901 pointer of the place Jackson failed at ("" = the whole document). */
    static String pointer(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            sb.append('/');
            if (r.getPropertyName() != null) sb.append(ProblemError.token(r.getPropertyName()));
            else if (r.getIndex() >= 0) sb.append(r.getIndex());
            else sb.append('-');
        }
        return sb.toString();
    }
}
