package dev.switchboard.workflows;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A 5-field (Unix) cron expression read in an organization's time zone, through cron-utils. A slot is
 * named by its local date and time, so a slot that the fall-back hour repeats is still one period and
 * fires once; a slot that spring-forward skips does not exist that day.
 */
final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private final ExecutionTime times;

    private CronSchedule(Cron cron) {
        this.times = ExecutionTime.forCron(cron);
    }

    static CronSchedule parse(String expression) {
        return new CronSchedule(PARSER.parse(expression.trim()));
    }

    /** Null when {@code expression} is a valid 5-field cron expression, else why not. */
    static String problem(String expression) {
        if (expression.isBlank() || expression.length() > 100 || expression.trim().split("\\s+").length != 5) {
            return "must be a 5-field cron expression such as 0 8 * * 1-5";
        }
        try {
            PARSER.parse(expression.trim()).validate();
            return null;
        } catch (IllegalArgumentException e) {
            return "is not a valid cron expression: " + e.getMessage();
        }
    }

    /** The latest slot at or before {@code now} in {@code zone} (never one still to come), or null when there is none. */
    ZonedDateTime latest(Instant now, ZoneId zone) {
        // lastExecution is strictly before its argument: look a second ahead so a slot falling exactly on now counts,
        // then step back when that second reached the next slot early (07:59:59.2 must not name 08:00)
        ZonedDateTime slot = times.lastExecution(now.plusSeconds(1).atZone(zone)).orElse(null);
        if (slot != null && slot.toInstant().isAfter(now)) {
            slot = times.lastExecution(slot).orElse(null);
        }
        return slot;
    }

    /** The slot after {@code at} in {@code zone}, or null. */
    ZonedDateTime next(Instant at, ZoneId zone) {
        return times.nextExecution(at.atZone(zone)).orElse(null);
    }

    /** The dedupe period of a slot: its local date and time, without offset. */
    static String period(ZonedDateTime slot) {
        return PERIOD.format(slot.toLocalDateTime());
    }
}
