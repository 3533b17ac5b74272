package dev.switchboard.platform.http;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The rules every input value follows, wherever it arrives (body, query, header): no NUL or other
 * control characters in text, no half of a surrogate pair, and timestamps within the years PostgreSQL and every
 * client can hold.
 */
public final class InputRules {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 9999;
    public static final String TIMESTAMP_MESSAGE =
            "must be an RFC 3339 timestamp between the years " + MIN_YEAR + " and " + MAX_YEAR + ", such as 2030-01-31T09:00:00Z";
    public static final String NUL_MESSAGE = "must not contain NUL characters";
    public static final String SURROGATE_MESSAGE =
            "must not contain half of a surrogate pair (a \\uD800 to \\uDFFF escape without its partner)";

    private InputRules() {
    }

    /** True when {@code text} holds a NUL character, which PostgreSQL cannot store in text. */
    public static boolean hasNul(String text) {
        return text.indexOf('\u0000') >= 0;
    }

    /**
     * True when {@code text} holds half of a UTF-16 surrogate pair (a JSON escape such as {@code \\uD800} alone): it is
     * no character at all, and would be stored as {@code ?}.
     */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What keeps {@code text} from being stored as text ({@link #NUL_MESSAGE} or {@link #SURROGATE_MESSAGE}), or null
     * when nothing does.
     */
    public static String textProblem(String text) {
        return hasNul(text) ? NUL_MESSAGE : hasLoneSurrogate(text) ? SURROGATE_MESSAGE : null;
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
