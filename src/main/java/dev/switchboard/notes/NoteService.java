package dev.switchboard.notes;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Notes on any record. A note is readable when its parent record is (checked through {@link Records})
 * and {@link NoteScope} allows it; {@code notes.write} writes them; the author or a manager edits one;
 * agents delete only their own. Deleting is soft. Unreadable notes and parents answer 404.
 */
public final class NoteService {

    private final Db db;
    private final Changes changes;
    private final Records records;

    public NoteService(Db db, Changes changes, Records records) {
        this.db = db;
        this.changes = changes;
        this.records = records;
    }

    /** The notes of a record, pinned first, then newest; 400 for an unknown type, 404 for an unreadable record. */
    public Future<List<Note>> list(Principal p, String entityType, UUID entityId, Pages page) {
        return db.inTenant(p.tenantId(), conn -> readableParent(conn, p, entityType, entityId)
                .compose(v -> NoteStore.list(conn, p.tenantId(), entityType, entityId, NoteScope.of(p), page)));
    }

    public Future<Note> get(Principal p, UUID id) {
        return readable(p, id);
    }

    /** True when the note exists, is not deleted, and {@code p} may read it and its parent. */
    public Future<Boolean> canRead(Principal p, UUID id) {
        return readable(p, id).map(true).recover(err -> err instanceof ApiException api && api.status() == 404
                ? Future.succeededFuture(false) : Future.failedFuture(err));
    }

    /** Like {@link #canRead(Principal, UUID)}, inside the caller's transaction on {@code conn}. */
    public Future<Boolean> canRead(SqlConnection conn, Principal p, UUID id) {
        return NoteStore.find(conn, p.tenantId(), id, NoteScope.of(p)).compose(note -> note == null ? Future.succeededFuture(false)
                : records.canRead(conn, p, note.entityType(), note.entityId()));
    }

    /** Attaches a note; 400 for an unknown type or a team the author is not in, 404 when the parent is unreadable. */
    public Future<Note> create(Principal p, String entityType, UUID entityId, NoteInput input) {
        p.require(Permission.NOTES_WRITE);
        NoteVisibility visibility = input.visibility() == null ? NoteVisibility.PRIVATE : input.visibility();
        checkTeam(p, visibility, input.teamId());
        Note note = new Note(Ids.next(), entityType, entityId, p.userId(), visibility, input.teamId(), sanitized(input.body()),
                Boolean.TRUE.equals(input.pinned()), 1, null, null);
        // The parent check comes back with BEGIN and the tenant; then the insert, its audit entry and event and the
        // commit leave together (the audit view is the note as given: nothing in it comes from the database).
        return db.inTenantCommitting(p.tenantId(), conn -> readableParent(conn, p, entityType, entityId).map(v -> {
            Future<Note> saved = NoteStore.insert(conn, p.tenantId(), note);
            Future<Void> recorded = changes.record(conn, p, Change.created("note.created", "note", note.id(), note.auditView()));
            return saved.compose(stored -> recorded.map(stored));
        }));
    }

    /**
     * Changes body, pinned flag, visibility or team. The author or a manager may edit (else 403); only the
     * author changes who reads the note. 409/412 when {@code expected} is stale.
     */
    public Future<Note> update(Principal p, UUID id, NoteInput input, ExpectedVersion expected) {
        return editable(p, id).compose(before -> {
            boolean sharingChanged = input.visibility() != null || input.teamIdSent();
            if (sharingChanged && !before.authorUserId().equals(p.userId())) {
                return Future.failedFuture(ApiException.forbidden("only the author changes who reads a note"));
            }
            if (expected != null && !expected.matches(before.version())) {
                return Future.failedFuture(ExpectedVersion.staleOr(expected, "the note"));
            }
            NoteVisibility visibility = input.visibility() != null ? input.visibility() : before.visibility();
            UUID teamId = input.teamIdSent() ? input.teamId()
                    : visibility == NoteVisibility.TEAM ? before.teamId() : null;
            if (sharingChanged) {
                checkTeam(p, visibility, teamId);
            }
            Note changed = new Note(id, before.entityType(), before.entityId(), before.authorUserId(), visibility, teamId,
                    input.body() != null ? sanitized(input.body()) : before.body(),
                    input.pinned() != null ? input.pinned() : before.pinned(), before.version(), before.createdAt(), before.updatedAt());
            return db.inTenant(p.tenantId(), conn -> NoteStore.update(conn, p.tenantId(), changed, ExpectedVersion.orRead(expected, before.version()))
                    .compose(updated -> updated ? NoteStore.findAny(conn, p.tenantId(), id)
                            : Future.failedFuture(ExpectedVersion.staleOr(expected, "the note")))
                    .compose(after -> changes.record(conn, p, Change.updated("note.updated", "note", id, before.auditView(),
                            after.auditView())).map(after)));
        });
    }

    /** Soft-deletes a note: the author or a manager may (agents only their own, else 403). */
    public Future<Void> delete(Principal p, UUID id) {
        return editable(p, id).compose(before -> db.inTenant(p.tenantId(), conn ->
                NoteStore.softDelete(conn, p.tenantId(), id, before.version()).compose(deleted -> deleted
                        ? changes.record(conn, p, Change.deleted("note.deleted", "note", id, before.auditView()))
                        : Future.failedFuture(ApiException.conflict("stale-version", "the note changed meanwhile; retry")))));
    }

    /** A note {@code p} reads (else 404) and may change: with {@code notes.write}, as its author or a manager (else 403). */
    private Future<Note> editable(Principal p, UUID id) {
        return readable(p, id).map(note -> {
            p.require(Permission.NOTES_WRITE);
            if (!note.authorUserId().equals(p.userId()) && !p.role().atLeast(Role.MANAGER)) {
                throw ApiException.forbidden("only the author or a manager changes this note");
            }
            return note;
        });
    }

    private Future<Note> readable(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> NoteStore.find(conn, p.tenantId(), id, NoteScope.of(p)))
                .compose(note -> note == null ? Future.failedFuture(ApiException.notFound("note"))
                        : records.canRead(p, note.entityType(), note.entityId()).compose(parentReadable -> parentReadable
                                ? Future.succeededFuture(note) : Future.failedFuture(ApiException.notFound("note"))));
    }

    /** 400 unless notes attach to {@code entityType}; 404 naming it unless {@code p} reads the record; in the caller's transaction. */
    private Future<Void> readableParent(SqlConnection conn, Principal p, String entityType, UUID entityId) {
        return attachable(entityType).compose(v -> records.canRead(conn, p, entityType, entityId)).compose(found(entityType));
    }

    /** 400 unless notes can be attached to records of {@code entityType}. */
    private Future<Void> attachable(String entityType) {
        return attachable().contains(entityType) ? Future.succeededFuture()
                : Future.failedFuture(ApiException.invalid("entityType", "must be one of "
                        + String.join(", ", attachable().stream().sorted().toList())));
    }

    /** 404 naming {@code entityType} unless the parent is readable. */
    private static Function<Boolean, Future<Void>> found(String entityType) {
        return readable -> readable ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound(entityType));
    }

    /** Every registered record type but notes themselves. */
    private Set<String> attachable() {
        Set<String> types = new HashSet<>(records.types());
        types.remove(NoteAccess.TYPE);
        return types;
    }

    private static void checkTeam(Principal p, NoteVisibility visibility, UUID teamId) {
        if (visibility == NoteVisibility.TEAM && teamId == null) {
            throw ApiException.invalid("teamId", "is required for team visibility");
        }
        if (visibility != NoteVisibility.TEAM && teamId != null) {
            throw ApiException.invalid("teamId", "is only for team visibility");
        }
        if (teamId != null && !p.inTeam(teamId)) {
            throw ApiException.invalid("teamId", "the author must be a member of the team");
        }
    }

    private static String sanitized(String html) {
        String clean = NoteHtml.sanitize(html);
        if (clean.isEmpty()) {
            throw ApiException.invalid("body", "has no content left after removing disallowed HTML");
        }
        return clean;
    }
}
