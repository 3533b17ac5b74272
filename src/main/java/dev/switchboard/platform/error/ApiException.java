package dev.switchboard.platform.error;

import java.util.List;
import java.util.Map;

/**
 * A failure a client can act on. Services throw (or fail futures with) these; the one router-wide
 * {@code ProblemFailureHandler} turns them into {@code application/problem+json}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), Map.of());
    }

    public ApiException(int status, String type, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** A short problem code, rendered as the problem's {@code type} URI. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail);
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(400, "validation", "Invalid request", "one or more fields are invalid", errors, Map.of());
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 422: a well-formed id that names no record the caller's organization has (or may use) at {@code field}. */
    public static ApiException unknownReference(String field, String message) {
        return unknownReferences(List.of(new FieldError(field, message)));
    }

    public static ApiException unknownReferences(List<FieldError> errors) {
        return new ApiException(422, "unknown-reference", "Unprocessable content",
                "one or more ids do not name a record of your organization", errors, Map.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, List.of(),
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what + " not found");
    }

    public static ApiException conflict(String type, String detail) {
        return new ApiException(409, type, "Conflict", detail);
    }

    public static ApiException gone(String type, String detail) {
        return new ApiException(410, type, "Gone", detail);
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "rate-limited", "Too many requests",
                "rate limit exceeded, retry after " + retryAfterSeconds + " s", List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}
