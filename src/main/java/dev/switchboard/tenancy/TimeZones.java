package dev.switchboard.tenancy;

import java.time.ZoneId;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * IANA time zone names ({@code Europe/Berlin}, {@code America/New_York}, {@code UTC}) as the Java runtime knows them.
 * Offsets ({@code +02:00}, {@code GMT+2}) are refused: they do not follow daylight saving time, so a daily 08:00
 * would drift by an hour twice a year.
 */
public final class TimeZones {

    public static final String MESSAGE = "must be an IANA time zone name such as Europe/Berlin or UTC";

    private static final Set<String> NAMES = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> !id.startsWith("SystemV/") && !id.startsWith("Etc/GMT") || id.equals("Etc/GMT"))
            .collect(Collectors.toUnmodifiableSet());

    private TimeZones() {
    }

    public static boolean isIana(String name) {
        return name != null && NAMES.contains(name);
    }
}
