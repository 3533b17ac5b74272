package dev.switchboard.workflows;

import dev.switchboard.tenancy.OrganizationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Evaluates one tenant's clock-triggered workflows at one instant, inside one transaction: each firing is
 * claimed by inserting workflow + record + period into the dedupe table and launched in the same
 * transaction, so it happens once whatever the number of sweepers. The firings of one evaluation are
 * launched together (their statements share the connection's round trips), and a run of local actions runs
 * in that transaction too. Only moments after the workflow was enabled fire: enabling a rule does not replay
 * the past.
 */
final class ClockTriggers {

    private final RunLauncher launcher;
    private final SweeperMetrics metrics;
    private final int batch;

    ClockTriggers(RunLauncher launcher, SweeperMetrics metrics, int batch) {
        this.launcher = launcher;
        this.metrics = metrics;
        this.batch = batch;
    }

    /** Fires the due triggers of {@code tenantId}'s task, inactivity and schedule workflows; completes with how many fired. */
    Future<Integer> sweep(RunLauncher.Scope scope, UUID tenantId, Instant now) {
        return WorkflowStore.enabledFor(scope.conn(), tenantId, Triggers.TASK_DUE, Triggers.TASK_OVERDUE, Triggers.INACTIVITY,
                        Triggers.SCHEDULE)
                .compose(workflows -> {
                    Future<Integer> fired = Future.succeededFuture(0);
                    for (Workflow w : workflows) {
                        fired = fired.compose(n -> one(scope, w, now).map(m -> n + m));
                    }
                    return fired;
                });
    }

    /**
     * Launches the upcoming-appointment workflows for claimed reminders, all of {@code tenantId} (the
     * transaction is scoped to it); completes with how many runs started.
     */
    Future<Integer> reminders(RunLauncher.Scope scope, UUID tenantId, List<Row> reminders, Instant now) {
        SqlConnection conn = scope.conn();
        return WorkflowStore.enabledFor(conn, tenantId, Triggers.APPOINTMENT_UPCOMING).compose(workflows -> {
            if (workflows.isEmpty()) {
                return Future.succeededFuture(0);
            }
            List<UUID> ids = reminders.stream().map(r -> r.getUUID("appointment_id")).distinct().toList();
            return RecordStore.findAll(conn, tenantId, "appointment", ids).compose(views -> {
                List<Future<Boolean>> launched = new ArrayList<>();
                for (Row reminder : reminders) {
                    launched.addAll(reminder(scope, workflows, reminder, views, now));
                }
                return count(launched);
            });
        });
    }

    private List<Future<Boolean>> reminder(RunLauncher.Scope scope, List<Workflow> workflows, Row reminder, Map<UUID, JsonObject> views,
                                           Instant now) {
        UUID appointmentId = reminder.getUUID("appointment_id");
        int offset = reminder.getInteger("offset_minutes");
        Instant due = reminder.getOffsetDateTime("fire_at").toInstant();
        List<Future<Boolean>> launched = new ArrayList<>();
        for (Workflow w : workflows) {
            JsonArray offsets = w.definition().trigger().getJsonArray("offsetMinutes");
            if (offsets != null && !offsets.contains(offset)) {
                continue;
            }
            JsonObject input = RunInput.clock(Triggers.APPOINTMENT_UPCOMING, "appointment", appointmentId, views.get(appointmentId))
                    .put("offsetMinutes", offset).put("dueAt", due.toString());
            launched.add(launch(scope, w, input, "appointment", appointmentId, "reminder:" + appointmentId + ":" + offset + ":" + due));
        }
        return launched;
    }

    /** How many of {@code launched} started a run, once all of them completed (they run on one connection, concurrently). */
    private static Future<Integer> count(List<Future<Boolean>> launched) {
        return Future.join(launched).map(all -> (int) launched.stream().filter(Future::result).count());
    }

    private Future<Integer> one(RunLauncher.Scope scope, Workflow w, Instant now) {
        SqlConnection conn = scope.conn();
        JsonObject t = w.definition().trigger();
        Instant since = w.enabledAt() == null ? now : w.enabledAt().toInstant();
        return switch (w.triggerType()) {
            case Triggers.TASK_DUE -> {
                long before = t.getInteger("minutesBefore", 0) * 60L;
                yield records(scope, w, now, RecordStore.due(conn, w.tenantId(), "task", at(now.plusSeconds(before)),
                        at(since.plusSeconds(before)), w.id(), batch), -before);
            }
            case Triggers.TASK_OVERDUE -> {
                long after = t.getInteger("minutesAfter", 0) * 60L;
                yield records(scope, w, now, RecordStore.due(conn, w.tenantId(), "task", at(now.minusSeconds(after)),
                        at(since.minusSeconds(after)), w.id(), batch), after);
            }
            case Triggers.INACTIVITY -> {
                long hours = t.getInteger("hours") * 3600L;
                yield records(scope, w, now, RecordStore.inactive(conn, w.tenantId(), t.getString("entityType"),
                        at(now.minusSeconds(hours)), at(since.minusSeconds(hours)), w.id(), batch), hours);
            }
            default -> schedule(scope, w, since, now);
        };
    }

    /** Fires for each record row ({@code entity_id, view, at}); the trigger is due at {@code at + shiftSeconds}. */
    private Future<Integer> records(RunLauncher.Scope scope, Workflow w, Instant now, Future<List<Row>> rows, long shiftSeconds) {
        String entityType = Triggers.INACTIVITY.equals(w.triggerType()) ? w.definition().trigger().getString("entityType") : "task";
        return rows.compose(list -> {
            List<Future<Boolean>> launched = new ArrayList<>();
            for (Row row : list) {
                UUID id = row.getUUID("entity_id");
                OffsetDateTime at = row.getOffsetDateTime("at");
                Instant due = at.toInstant().plusSeconds(shiftSeconds);
                JsonObject input = RunInput.clock(w.triggerType(), entityType, id, (JsonObject) row.getValue("view"))
                        .put("dueAt", due.toString());
                launched.add(ClockStore.fire(scope.conn(), w.tenantId(), w.id(), id.toString(), at.toInstant().toString(), at, now)
                        .compose(claimed -> claimed ? launch(scope, w, input, entityType, id, "clock:" + id + ":" + at.toInstant())
                                : Future.succeededFuture(false)));
            }
            return count(launched);
        });
    }

    private Future<Integer> schedule(RunLauncher.Scope scope, Workflow w, Instant since, Instant now) {
        SqlConnection conn = scope.conn();
        return OrganizationStore.find(conn, w.tenantId()).compose(org -> {
            ZoneId zone = zone(org == null ? null : org.timezone());
            ZonedDateTime slot = CronSchedule.parse(w.definition().trigger().getString("cron")).latest(now, zone);
            if (slot == null || slot.toInstant().isBefore(since)) {
                return Future.succeededFuture(0);
            }
            String period = CronSchedule.period(slot);
            JsonObject input = RunInput.clock(Triggers.SCHEDULE, null, null, null).put("dueAt", slot.toInstant().toString())
                    .put("localTime", period).put("timezone", zone.getId());
            return ClockStore.fire(conn, w.tenantId(), w.id(), "schedule", period, slot.toOffsetDateTime(), now)
                    .compose(claimed -> claimed ? launch(scope, w, input, null, null, "schedule:" + period)
                            : Future.succeededFuture(false))
                    .map(ok -> ok ? 1 : 0);
        });
    }

    private Future<Boolean> launch(RunLauncher.Scope scope, Workflow w, JsonObject input, String entityType, UUID entityId, String key) {
        if (!Conditions.all(Conditions.evaluate(w.definition().conditions(), input))) {
            return Future.succeededFuture(false);
        }
        RunLauncher.Start start = new RunLauncher.Start(w.triggerType(), null, entityType, entityId, input,
                new RunLauncher.Chain(0, null), key);
        return launcher.launch(scope, w, start).onSuccess(launched -> {
            if (launched) {
                metrics.fired(w.triggerType());
            }
        });
    }

    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
