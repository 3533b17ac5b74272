package dev.switchboard.calendar;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Appointments: create, read, list, reschedule or change, cancel, and attendees' responses. */
public final class AppointmentService {

    private static final Map<String, String> REFERENCES = Map.of(
            "appointments_owner_fkey", "ownerUserId", "appointment_attendees_user_fkey", "attendees");

    private final Db db;
    private final Changes changes;
    private final RecordLinks links;

    public AppointmentService(Db db, Changes changes, Records records) {
        this.db = db;
        this.changes = changes;
        this.links = new RecordLinks(records);
    }

    /** Creates an appointment; 403 without {@code calendar.write}, 400 for unknown users or unreadable links. */
    public Future<Appointment> create(Principal p, AppointmentFields input) {
        p.require(Permission.CALENDAR_WRITE);
        AppointmentFields f = input.ownerUserId() == null ? input.withOwner(p.userId()) : input;
        if (!AppointmentAccess.mayOwn(p, f.ownerUserId())) {
            return Future.failedFuture(ApiException.forbidden("only the owner's calendar or " + Permission.CALENDAR_READ_DETAILS));
        }
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> links.check(conn, p, f.links(), f.attendees())
                        .compose(v -> AppointmentStore.insert(conn, p.tenantId(), id, p.userId(), f))
                        .compose(v -> AppointmentDetailsStore.replaceAttendees(conn, p.tenantId(), id, f.attendees()))
                        .compose(v -> AppointmentDetailsStore.replaceLinks(conn, p.tenantId(), id, f.links()))
                        .compose(v -> AppointmentDetailsStore.rewriteReminders(conn, p.tenantId(), id, f.startsAt(), f.reminderOffsets()))
                        .compose(v -> written(conn, p, id))
                        .compose(a -> changes.record(conn, p, Change.created("appointment.created", AppointmentAccess.TYPE, id,
                                a.auditView())).map(a)))
                .recover(AppointmentService::unknownReference);
    }

    public Future<Appointment> get(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> AppointmentAccess.visible(conn, p, id));
    }

    /** Appointments in the caller's scope; cancelled ones only when asked for. */
    public Future<List<Appointment>> list(Principal p, boolean includeCancelled, Pages page) {
        return db.inTenant(p.tenantId(), conn -> AppointmentStore.list(conn, p.tenantId(), AppointmentScope.of(p), includeCancelled, page)
                .compose(list -> AppointmentDetailsStore.load(conn, p.tenantId(), list.stream().map(Appointment::id).toList())
                        .map(details -> list.stream().map(details::complete).toList())));
    }

    /**
     * Changes the fields present; 403 unless {@code p} may edit, 409 when cancelled, 409/412 when stale.
     * A new time or new reminder offsets rewrite the reminders.
     */
    public Future<Appointment> update(Principal p, UUID id, AppointmentPatch patch, ExpectedVersion expected) {
        return db.inTenant(p.tenantId(), conn -> AppointmentAccess.visible(conn, p, id).compose(before -> {
            if (!AppointmentAccess.mayEdit(p, before)) {
                return Future.failedFuture(ApiException.forbidden("you may not change this appointment"));
            }
            if (before.cancelled()) {
                return Future.failedFuture(AppointmentAccess.cancelled());
            }
            AppointmentFields f = patch.applyTo(before);
            if (!f.endsAt().isAfter(f.startsAt())) {
                return Future.failedFuture(ApiException.invalid("endsAt", "must be after startsAt"));
            }
            if (patch.has("ownerUserId") && !f.ownerUserId().equals(before.ownerUserId()) && !AppointmentAccess.mayOwn(p, f.ownerUserId())) {
                return Future.failedFuture(ApiException.forbidden("only the owner's calendar or " + Permission.CALENDAR_READ_DETAILS));
            }
            boolean retimed = !f.startsAt().isEqual(before.startsAt()) || !f.reminderOffsets().equals(before.reminderOffsetsMinutes());
            return links.check(conn, p, patch.has("links") ? f.links() : List.of(), patch.has("attendees") ? f.attendees() : List.of())
                    .compose(v -> AppointmentStore.update(conn, p.tenantId(), id, f, ExpectedVersion.orRead(expected, before.version())))
                    .compose(updated -> updated ? Future.<Void>succeededFuture() : Future.failedFuture(ExpectedVersion.staleOr(expected, "the appointment")))
                    .compose(v -> patch.has("attendees")
                            ? AppointmentDetailsStore.replaceAttendees(conn, p.tenantId(), id, f.attendees()) : Future.<Void>succeededFuture())
                    .compose(v -> patch.has("links")
                            ? AppointmentDetailsStore.replaceLinks(conn, p.tenantId(), id, f.links()) : Future.<Void>succeededFuture())
                    .compose(v -> retimed ? AppointmentDetailsStore.rewriteReminders(conn, p.tenantId(), id, f.startsAt(),
                            f.reminderOffsets()) : Future.<Void>succeededFuture())
                    .compose(v -> written(conn, p, id))
                    .compose(after -> recordAll(conn, p, updateEvents(before, after)).map(after));
        })).recover(AppointmentService::unknownReference);
    }

    /** Cancels (soft-deletes) the appointment and drops its reminders; 409 when already cancelled or stale. */
    public Future<Appointment> cancel(Principal p, UUID id, ExpectedVersion expected) {
        return db.inTenant(p.tenantId(), conn -> AppointmentAccess.visible(conn, p, id).compose(before -> {
            if (!AppointmentAccess.mayEdit(p, before)) {
                return Future.failedFuture(ApiException.forbidden("you may not cancel this appointment"));
            }
            if (before.cancelled()) {
                return Future.failedFuture(AppointmentAccess.cancelled());
            }
            return AppointmentStore.cancel(conn, p.tenantId(), id, expected == null ? null : expected.value())
                    .compose(done -> done ? AppointmentDetailsStore.rewriteReminders(conn, p.tenantId(), id, null, List.of())
                            : Future.failedFuture(ExpectedVersion.staleOr(expected, "the appointment")))
                    .compose(v -> written(conn, p, id))
                    .compose(after -> changes.record(conn, p, Change.updated("appointment.cancelled", AppointmentAccess.TYPE, id,
                            before.auditView(), after.auditView())).map(after));
        }));
    }

    /** Records the caller's response; 403 unless they attend, 409 when the appointment was cancelled. */
    public Future<Appointment> respond(Principal p, UUID id, String response) {
        return db.inTenant(p.tenantId(), conn -> AppointmentAccess.visible(conn, p, id).compose(before -> {
            if (p.isCustomer() || !before.attendedBy(p.userId())) {
                return Future.failedFuture(ApiException.forbidden("only attending users respond"));
            }
            if (before.cancelled()) {
                return Future.failedFuture(AppointmentAccess.cancelled());
            }
            return AppointmentDetailsStore.respond(conn, p.tenantId(), id, p.userId(), response)
                    .compose(v -> written(conn, p, id))
                    .compose(after -> changes.record(conn, p, Change.created("appointment.responded", AppointmentAccess.TYPE, id,
                            after.auditView().put("respondingUserId", p.userId().toString()).put("response", response))).map(after));
        }));
    }

    private static List<Change> updateEvents(Appointment before, Appointment after) {
        List<Change> out = new ArrayList<>();
        boolean rescheduled = !before.startsAt().isEqual(after.startsAt()) || !before.endsAt().isEqual(after.endsAt())
                || !before.timezone().equals(after.timezone());
        if (rescheduled) {
            out.add(Change.updated("appointment.rescheduled", AppointmentAccess.TYPE, after.id(), before.auditView(), after.auditView()));
        }
        JsonObject b = before.toJson();
        JsonObject a = after.toJson();
        for (String timing : List.of("startsAt", "endsAt", "timezone", "version", "updatedAt")) {
            b.remove(timing);
            a.remove(timing);
        }
        if (out.isEmpty() || !a.equals(b)) {
            out.add(Change.updated("appointment.updated", AppointmentAccess.TYPE, after.id(), before.auditView(), after.auditView()));
        }
        return out;
    }

    private Future<Void> recordAll(SqlConnection conn, Principal p, List<Change> list) {
        Future<Void> chain = Future.succeededFuture();
        for (Change c : list) {
            chain = chain.compose(v -> changes.record(conn, p, c));
        }
        return chain;
    }

    private static Future<Appointment> written(SqlConnection conn, Principal p, UUID id) {
        return AppointmentAccess.load(conn, p, id, AppointmentAccess.WRITTEN);
    }

    private static <T> Future<T> unknownReference(Throwable err) {
        if (err instanceof StoreException s && s.kind() == StoreException.Kind.MISSING_REFERENCE && REFERENCES.containsKey(s.constraint())) {
            return Future.failedFuture(ApiException.unknownReference(REFERENCES.get(s.constraint()), "no such user in your organization"));
        }
        return Future.failedFuture(err);
    }
}
