package dev.switchboard.platform.http;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The rules every input value follows, wherever it arrives (body, query, header): no NUL or other
 * control characters in text, and timestamps within the years PostgreSQL and every client can hold.
 */
public final class InputRules {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 9999;
    public static final String TIMESTAMP_MESSAGE =
            "must be an RFC 3339 timestamp between the years " + MIN_YEAR + " and " + MAX_YEAR + ", such as 2030-01-31T09:00:00Z";
    public static final String NUL_MESSAGE = "must not contain NUL characters";

    private InputRules() {
    }

    /** True when {@code text} holds a NUL character, which PostgreSQL cannot store in text. */
    public static boolean hasNul(String text) {
        return text.indexOf('\u0000') >= 0;
    }

    /** An RFC 3339 timestamp with an offset within {@link #MIN_YEAR}..{@link #MAX_YEAR}, or null when it is not one. */
    public static OffsetDateTime timestamp(String text) {
        if (text == null || text.length() > 64) {
            return null;
        }
        try {
            OffsetDateTime parsed = OffsetDateTime.parse(text);
            int year = parsed.toInstant().atOffset(java.time.ZoneOffset.UTC).getYear();
            return year < MIN_YEAR || year > MAX_YEAR ? null : parsed;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
