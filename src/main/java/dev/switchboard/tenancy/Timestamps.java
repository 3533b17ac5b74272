package dev.switchboard.tenancy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** RFC 3339 UTC timestamps for API responses. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(OffsetDateTime at) {
        return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
    }
}
