package dev.switchboard.attachments;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Files on notes, messages, cases, contacts and tasks. An attachment is readable exactly when its parent record is
 * (through the parent's own access rules, so a soft-deleted parent hides its files); adding one needs the parent
 * type's write permission; its uploader or a manager removes it. Unreadable attachments and parents answer 404.
 */
public final class AttachmentService {

    /** The parent types and the permission that adds a file to one. */
    static final Map<String, String> PARENTS = Map.of(
            "note", Permission.NOTES_WRITE, "message", Permission.CONVERSATIONS_WRITE, "case", Permission.CASES_WRITE,
            "contact", Permission.CONTACTS_WRITE, "task", Permission.TASKS_WRITE);

    private final Db db;
    private final Changes changes;
    private final Records records;
    private final RecordAccess messages;
    private final IncomingFiles incoming;
    private final FileStore files;

    AttachmentService(Db db, Changes changes, Records records, RecordAccess messages, IncomingFiles incoming, FileStore files) {
        this.db = db;
        this.changes = changes;
        this.records = records;
        this.messages = messages;
        this.incoming = incoming;
        this.files = files;
    }

    /** Succeeds when {@code p} may add a file to the record: 400 for an unknown type, 403 without the permission, 404 unreadable. */
    Future<Void> checkUploadable(Principal p, String entityType, UUID entityId) {
        return readableParent(p, entityType, entityId).map(v -> {
            p.require(PARENTS.get(entityType));
            return null;
        });
    }

    /**
     * Keeps a received file as an attachment of the record (checked again, as the upload may have taken a while), and
     * records {@code attachment.added}. The row is written only once the file is stored (503 when the object store is
     * unavailable); when the row is not written the stored file is removed again. The temporary file is removed when
     * anything fails.
     */
    Future<Attachment> create(Principal p, String entityType, UUID entityId, String filename, IncomingFiles.Received received) {
        Attachment draft = new Attachment(Ids.next(), entityType, entityId, filename, received.contentType(), received.size(),
                received.sha256(), p.userId(), null);
        return checkUploadable(p, entityType, entityId)
                .compose(v -> files.keep(received, p.tenantId(), draft.id()))
                .compose(v -> db.inTenant(p.tenantId(), conn -> AttachmentStore.insert(conn, p.tenantId(), draft)
                        .compose(saved -> changes.record(conn, p, Change.created("attachment.added", "attachment", saved.id(),
                                saved.auditView())).map(saved)))
                        .recover(err -> files.remove(p.tenantId(), draft.id()).transform(x -> Future.failedFuture(err))))
                .recover(err -> incoming.discard(received.tempPath()).transform(x -> Future.failedFuture(err)));
    }

    /** The attachments of a record, newest first; 400 for an unknown type, 404 for an unreadable record. */
    Future<List<Attachment>> list(Principal p, String entityType, UUID entityId, Pages page) {
        return readableParent(p, entityType, entityId).compose(v -> db.inTenant(p.tenantId(),
                conn -> AttachmentStore.list(conn, p.tenantId(), entityType, entityId, page)));
    }

    /** The attachment when {@code p} reads its parent, else 404. */
    Future<Attachment> get(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> AttachmentStore.find(conn, p.tenantId(), id))
                .compose(a -> a == null ? Future.failedFuture(ApiException.notFound("attachment"))
                        : canReadParent(p, a.entityType(), a.entityId()).compose(readable -> readable
                                ? Future.succeededFuture(a) : Future.failedFuture(ApiException.notFound("attachment"))));
    }

    /** How to get the file of a readable attachment: a local file to stream, or a short-lived link to the object store. */
    FileStore.Download file(Principal p, Attachment a) {
        return files.download(p.tenantId(), a);
    }

    /** Removes an attachment and its file: its uploader or a manager may (else 403); records {@code attachment.removed}. */
    Future<Void> delete(Principal p, UUID id) {
        return get(p, id).compose(a -> {
            if (!p.userId().equals(a.uploadedBy()) && !p.role().atLeast(Role.MANAGER)) {
                return Future.failedFuture(ApiException.forbidden("only the uploader or a manager removes this attachment"));
            }
            return db.inTenant(p.tenantId(), conn -> AttachmentStore.delete(conn, p.tenantId(), id).compose(deleted -> deleted
                            ? changes.record(conn, p, Change.deleted("attachment.removed", "attachment", id, a.auditView()))
                            : Future.failedFuture(ApiException.notFound("attachment"))))
                    .compose(v -> files.remove(p.tenantId(), id));
        });
    }

    private Future<Void> readableParent(Principal p, String entityType, UUID entityId) {
        if (!PARENTS.containsKey(entityType)) {
            return Future.failedFuture(ApiException.invalid("entityType", "must be one of " + String.join(", ", new TreeSet<>(PARENTS.keySet()))));
        }
        return canReadParent(p, entityType, entityId).compose(readable -> readable ? Future.<Void>succeededFuture()
                : Future.failedFuture(ApiException.notFound(entityType)));
    }

    private Future<Boolean> canReadParent(Principal p, String entityType, UUID entityId) {
        return "message".equals(entityType) ? messages.canRead(p, entityType, entityId) : records.canRead(p, entityType, entityId);
    }
}
