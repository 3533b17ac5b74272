package dev.switchboard.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Cron slots in a time zone: validation, the latest slot at an instant, and slot names across DST changes. */
class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void acceptsFiveFieldExpressionsOnly() {
        assertNull(CronSchedule.problem("0 8 * * 1-5"));
        assertNull(CronSchedule.problem("*/15 * * * *"));
        assertNotNull(CronSchedule.problem("0 8 * *"));
        assertNotNull(CronSchedule.problem("0 0 8 * * ?"));
        assertNotNull(CronSchedule.problem("61 8 * * *"));
        assertNotNull(CronSchedule.problem(" "));
    }

    @Test
    void theLatestSlotIncludesTheCurrentMinute() {
        CronSchedule daily = CronSchedule.parse("0 8 * * *");
        // 2031-03-30 is the day Berlin moves to summer time: 08:00 local is 06:00 UTC, a day earlier 07:00 UTC.
        assertEquals(Instant.parse("2031-03-30T06:00:00Z"), daily.latest(Instant.parse("2031-03-30T06:00:00Z"), BERLIN).toInstant());
        assertEquals(Instant.parse("2031-03-29T07:00:00Z"), daily.latest(Instant.parse("2031-03-30T05:59:59Z"), BERLIN).toInstant());
    }

    @Test
    void neverNamesASlotBeforeItsInstant() {
        CronSchedule daily = CronSchedule.parse("0 8 * * *");
        assertEquals(Instant.parse("2031-05-01T06:00:00Z"), daily.latest(Instant.parse("2031-05-02T05:59:59.200Z"), BERLIN).toInstant());
        assertEquals(Instant.parse("2031-05-01T06:00:00Z"), daily.latest(Instant.parse("2031-05-02T05:59:59.999999Z"), BERLIN).toInstant());
        assertEquals(Instant.parse("2031-05-02T06:00:00Z"), daily.latest(Instant.parse("2031-05-02T06:00:00Z"), BERLIN).toInstant());
        assertEquals(Instant.parse("2031-05-02T06:00:00Z"), daily.latest(Instant.parse("2031-05-02T06:00:00.300Z"), BERLIN).toInstant());
        CronSchedule everyMinute = CronSchedule.parse("* * * * *");
        assertEquals(Instant.parse("2031-05-02T06:14:00Z"), everyMinute.latest(Instant.parse("2031-05-02T06:14:59.500Z"), BERLIN).toInstant());
    }

    @Test
    void aSlotTheFallBackHourRepeatsHasOneName() {
        CronSchedule night = CronSchedule.parse("30 2 * * *");
        // 2031-10-26: Berlin's 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC (winter time).
        ZonedDateTime first = night.latest(Instant.parse("2031-10-26T00:45:00Z"), BERLIN);
        ZonedDateTime second = night.latest(Instant.parse("2031-10-26T01:45:00Z"), BERLIN);
        assertEquals("2031-10-26T02:30", CronSchedule.period(first));
        assertEquals("2031-10-26T02:30", CronSchedule.period(second));
        assertEquals("2031-10-27T02:30", CronSchedule.period(night.next(Instant.parse("2031-10-26T02:00:00Z"), BERLIN)));
    }
}
