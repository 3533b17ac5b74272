package dev.switchboard.workflows;

import static dev.switchboard.workflows.WorkflowFixtures.action;
import static dev.switchboard.workflows.WorkflowFixtures.definition;
import static dev.switchboard.workflows.WorkflowFixtures.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cron schedules in the organization's time zone across both DST changes of America/New_York in 2031. */
class WorkflowScheduleTest {

    private static final MutableClock clock = MutableClock.atNow();
    private static TestServer server;
    private static WorkflowFixtures workflows;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("SWITCHBOARD_WORKFLOWS_SWEEP_INTERVAL", "20ms"), clock);
        workflows = new WorkflowFixtures(server);
        clock.advance(Duration.between(clock.instant(), Instant.parse("2031-03-07T18:00:00Z")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long sweeps() {
        String metrics = server.http.get("/metrics", null).body().toString();
        return metrics.lines().filter(l -> l.startsWith("switchboard_workflows_sweeps_total")).findFirst()
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0L);
    }

    private static void stepThrough(Duration total, Duration step) {
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
            Eventually.await(() -> TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE status = 'running'") == 0,
                    Duration.ofSeconds(10), "running jobs to finish");
            clock.advance(step);
            long before = sweeps();
            Eventually.await(() -> sweeps() >= before + 2, Duration.ofSeconds(10), "two sweeps");
        }
    }

    /** Each run as {@code localTime=dueAt}. */
    private static List<String> slots(Account who, String workflowId) {
        return workflows.runs(who, workflowId).stream().map(r -> r.getJsonObject("input"))
                .map(i -> i.getString("localTime") + "=" + i.getString("dueAt")).toList();
    }

    @Test
    void aDailyCronFiresOncePerLocalDayAcrossSpringForwardAndFallBack() {
        Account admin = server.register("Schedule DST");
        TestDatabase.update(server.db, "UPDATE organizations SET timezone = 'America/New_York' WHERE id = ?::uuid", admin.tenantId());
        JsonObject notify = action("notify").put("recipients", new JsonArray().add(admin.userId())).put("title", "Digest");
        String digest = workflows.create(admin, "Digest", definition(trigger("schedule").put("cron", "0 8 * * *"), new JsonArray(),
                notify)).getString("id");
        String night = workflows.create(admin, "Night", definition(trigger("schedule").put("cron", "30 1 * * *"), new JsonArray(),
                notify)).getString("id");

        stepThrough(Duration.ofDays(5), Duration.ofHours(3));
        assertEquals(List.of("2031-03-08T08:00=2031-03-08T13:00:00Z", "2031-03-09T08:00=2031-03-09T12:00:00Z",
                "2031-03-10T08:00=2031-03-10T12:00:00Z", "2031-03-11T08:00=2031-03-11T12:00:00Z",
                "2031-03-12T08:00=2031-03-12T12:00:00Z"), slots(admin, digest), "08:00 local, 13:00 UTC before and 12:00 after");
        assertEquals(List.of("2031-03-08T01:30=2031-03-08T06:30:00Z", "2031-03-09T01:30=2031-03-09T06:30:00Z",
                "2031-03-10T01:30=2031-03-10T05:30:00Z", "2031-03-11T01:30=2031-03-11T05:30:00Z",
                "2031-03-12T01:30=2031-03-12T05:30:00Z"), slots(admin, night));

        // Jump to the autumn: only the latest missed slot fires, then step through the fall-back weekend.
        clock.advance(Duration.between(clock.instant(), Instant.parse("2031-10-31T18:00:00Z")));
        stepThrough(Duration.ofDays(5), Duration.ofHours(3));
        List<String> autumn = slots(admin, digest).subList(5, slots(admin, digest).size());
        assertEquals(List.of("2031-10-31T08:00=2031-10-31T12:00:00Z", "2031-11-01T08:00=2031-11-01T12:00:00Z",
                "2031-11-02T08:00=2031-11-02T13:00:00Z", "2031-11-03T08:00=2031-11-03T13:00:00Z",
                "2031-11-04T08:00=2031-11-04T13:00:00Z", "2031-11-05T08:00=2031-11-05T13:00:00Z"), autumn);
        List<String> nights = slots(admin, night).stream().map(s -> s.substring(0, s.indexOf('='))).toList();
        assertEquals(1, nights.stream().filter("2031-11-02T01:30"::equals).count(), "01:30 happens twice that night, fires once: " + nights);
        workflows.finishedRuns(admin, digest, 11);
    }
}
