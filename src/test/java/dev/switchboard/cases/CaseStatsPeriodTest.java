package dev.switchboard.cases;

import static dev.switchboard.cases.StatsPeriods.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Created this week" and "created this month" at fixed instants whose calendar is awkward: a week that began
 * in the previous month, a month that begins on a Monday, new year on either side of UTC, and both
 * daylight-saving changes. Stats take "now" from the database, so they are read here, with the product's own
 * query, over connections whose {@code now()} is pinned: a schema placed ahead of {@code pg_catalog} on their
 * search path answers {@code now()} with the instant the connection was opened for. The server itself, and
 * every other connection, keep the real clock.
 */
class CaseStatsPeriodTest {

    private static final String CLOCK_SCHEMA = "fixed_clock";

    private static TestServer server;
    private static CaseFixtures fx;
    private static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fx = new CaseFixtures(server);
        vertx = Vertx.vertx();
        fx.execute("CREATE SCHEMA " + CLOCK_SCHEMA);
        fx.execute("CREATE FUNCTION " + CLOCK_SCHEMA + ".now() RETURNS timestamptz LANGUAGE sql STABLE "
                + "AS $$ SELECT current_setting('" + CLOCK_SCHEMA + ".at')::timestamptz $$");
        fx.execute("GRANT USAGE ON SCHEMA " + CLOCK_SCHEMA + " TO " + DatabaseBootstrap.APP_ROLE);
    }

    @AfterAll
    static void stop() {
        try {
            await(vertx.close());
        } finally {
            server.close();
        }
    }

    static Stream<Arguments> awkwardDates() {
        return Stream.of(
                arguments("a week that began in the previous month", "Pacific/Kiritimati", "2026-12-04T12:00:00Z",
                        "2026-11-30", "2026-12-01"),
                arguments("a month that begins on a Monday", "Asia/Kolkata", "2026-06-03T08:00:00Z",
                        "2026-06-01", "2026-06-01"),
                arguments("the first instant of a month that begins on a Monday", "Asia/Kolkata", "2026-05-31T18:30:00Z",
                        "2026-06-01", "2026-06-01"),
                arguments("new year ahead of UTC, while UTC is still in December", "Pacific/Kiritimati", "2026-12-31T10:30:00Z",
                        "2026-12-28", "2027-01-01"),
                arguments("new year in UTC, while the organization is still in December", "America/Los_Angeles",
                        "2027-01-01T07:30:00Z", "2026-12-28", "2026-12-01"),
                arguments("the week in which clocks spring forward", "Europe/Berlin", "2026-03-29T10:00:00Z",
                        "2026-03-23", "2026-03-01"),
                arguments("the first day of a month on which clocks fall back", "America/New_York", "2026-11-01T12:00:00Z",
                        "2026-10-26", "2026-11-01"));
    }

    @ParameterizedTest(name = "{0}: {1} at {2}")
    @MethodSource("awkwardDates")
    void countsACaseInTheWeekOrMonthExactlyWhenItWasCreatedInsideThatPeriod(String scenario, String zoneId, String at,
                                                                            String weekStarts, String monthStarts) throws Exception {
        ZoneId zone = ZoneId.of(zoneId);
        Instant now = Instant.parse(at);
        StatsPeriods periods = StatsPeriods.containing(now, zone);
        assertEquals(LocalDate.parse(weekStarts), periods.weekStart().toLocalDate(), "the scenario's week");
        assertEquals(LocalDate.parse(monthStarts), periods.monthStart().toLocalDate(), "the scenario's month");

        Account admin = server.register("Periods");
        fx.execute("UPDATE organizations SET timezone = ? WHERE id = ?::uuid", zoneId, admin.tenantId());
        List<Instant> created = Stream.of(
                        now.atZone(zone).minusYears(1).toInstant(),
                        periods.monthStart().minusMinutes(1).toInstant(), periods.monthStart().toInstant(),
                        periods.monthStart().plusMinutes(1).toInstant(),
                        periods.weekStart().minusMinutes(1).toInstant(), periods.weekStart().toInstant(),
                        periods.weekStart().plusMinutes(1).toInstant(),
                        now.minusSeconds(60), now)
                .filter(t -> !t.isAfter(now)).toList();
        for (Instant t : created) {
            fx.execute("UPDATE cases SET created_at = ?::timestamptz WHERE id = ?::uuid", t.toString(),
                    fx.createCase(admin, "Created " + t).getString("id"));
        }

        CaseStats stats = statsAt(now, admin);
        String placed = created.stream().map(t -> t + (periods.inWeek(t) ? " week" : "") + (periods.inMonth(t) ? " month" : ""))
                .collect(Collectors.joining(", ", scenario + ", " + periods + ": ", ""));
        assertEquals(zoneId, stats.timezone());
        assertEquals(created.size(), stats.total(), placed);
        assertEquals(count(created, periods::inWeek), stats.createdThisWeek(), placed);
        assertEquals(count(created, periods::inMonth), stats.createdThisMonth(), placed);
    }

    /** The stats {@code caller} would be answered, computed as if the database's clock read {@code now}. */
    private static CaseStats statsAt(Instant now, Account caller) {
        DatabaseUrl url = server.db;
        PgConnectOptions connect = new PgConnectOptions().setHost(url.host()).setPort(url.port()).setDatabase(url.database())
                .setUser(url.user())
                .addProperty("options", "-c role=" + DatabaseBootstrap.APP_ROLE + " -c search_path=" + CLOCK_SCHEMA
                        + ",public,pg_catalog -c " + CLOCK_SCHEMA + ".at=" + now);
        if (url.password() != null) {
            connect.setPassword(url.password());
        }
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(connect).using(vertx).build();
        try {
            Instant pinned = await(pool.query("SELECT now()").execute()).iterator().next().getOffsetDateTime(0).toInstant();
            assertEquals(now, pinned, "the database clock these stats are read with");
            Principal principal = new Principal(UUID.fromString(caller.tenantId()), UUID.fromString(caller.userId()), null,
                    Role.ADMIN, Role.ADMIN.defaults(), Set.of(), null, new RequestMeta("stats-at-" + now, null, null));
            return await(new Db(pool).inTenant(principal.tenantId(), conn -> CaseStatsStore.stats(conn, principal)));
        } finally {
            await(pool.close());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
