package dev.switchboard.platform.error;

/** One invalid input field, reported in a problem's {@code errors} array. */
public record FieldError(String field, String message) {
}
