package dev.switchboard.cases;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * The week and the month that contain an instant, as case stats count them: a week from Monday, a month from its
 * first day, each from midnight in the organization's time zone up to the next one.
 */
record StatsPeriods(ZonedDateTime weekStart, ZonedDateTime weekEnd, ZonedDateTime monthStart, ZonedDateTime monthEnd) {

    static StatsPeriods containing(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate first = today.withDayOfMonth(1);
        return new StatsPeriods(monday.atStartOfDay(zone), monday.plusWeeks(1).atStartOfDay(zone),
                first.atStartOfDay(zone), first.plusMonths(1).atStartOfDay(zone));
    }

    boolean inWeek(Instant at) {
        return within(at, weekStart, weekEnd);
    }

    boolean inMonth(Instant at) {
        return within(at, monthStart, monthEnd);
    }

    static int count(Collection<Instant> instants, Predicate<Instant> inPeriod) {
        return (int) instants.stream().filter(inPeriod).count();
    }

    private static boolean within(Instant at, ZonedDateTime start, ZonedDateTime end) {
        return !at.isBefore(start.toInstant()) && at.isBefore(end.toInstant());
    }
}
