package org.corridor.api.problem;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers deliberately, rendered as an RFC 9457 problem. Its detail is written for
 * the client and never carries coordinates, route contents or stack traces.
 */
public final class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final List<ProblemError> errors;
    private final Integer retryAfterSeconds;

    private ApiException(HttpStatus status, String detail, List<ProblemError> errors, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException notFound(String kind, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "No " + kind + " '" + ProblemError.printable(id) + "' that you can see.", List.of(), null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, detail, List.of(), null);
    }

    public static ApiException badRequest(String detail, List<ProblemError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail, errors, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail, List.of(), null);
    }

    /** Well-formed input that fails validation; each error says where (JSON pointer) and what. */
    public static ApiException unprocessable(String detail, List<ProblemError> errors) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, detail, errors, null);
    }

    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, detail, List.of(), null);
    }

    public static ApiException unavailable(String detail, int retryAfterSeconds) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, List.of(), retryAfterSeconds);
    }

    public HttpStatus status() { return status; }
    public List<ProblemError> errors() { return errors; }
    /** Seconds for a Retry-After header, or null. */
    public Integer retryAfterSeconds() { return retryAfterSeconds; }
}
