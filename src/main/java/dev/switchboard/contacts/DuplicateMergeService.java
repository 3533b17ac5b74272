package dev.switchboard.contacts;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Folds a duplicate contact into a survivor: the survivor takes the chosen values, every record that referred to the
 * duplicate moves to the survivor, and the duplicate is archived with a pointer to it, all in one transaction that
 * records one {@code contact.merged} change. The caller needs {@code contacts.write} and must see both contacts.
 */
public final class DuplicateMergeService {

    private final Db db;
    private final Changes changes;

    public DuplicateMergeService(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    /**
     * Merges {@code input.mergedContactId()} into {@code survivorId} and answers the survivor. 404 when the survivor is
     * not visible, 403 without {@code contacts.write}, 400 when both are the same contact, 422 when the merged contact
     * is not one the caller sees, 409 when the survivor is archived, the other was merged already or the survivor's
     * version is stale (412 for If-Match).
     */
    public Future<Contact> merge(Principal p, UUID survivorId, DuplicateMergeInput input, ExpectedVersion expected) {
        if (survivorId.equals(input.mergedContactId())) {
            throw ApiException.invalid("mergedContactId", "must name another contact than the survivor");
        }
        ContactScope scope = ContactScope.of(p);
        UUID tenantId = p.tenantId();
        UUID mergedId = input.mergedContactId();
        return db.inTenant(tenantId, conn -> ContactStore.find(conn, tenantId, survivorId, scope).compose(found -> {
                    if (found == null) {
                        return Future.failedFuture(ApiException.notFound("contact"));
                    }
                    p.require(Permission.CONTACTS_WRITE);
                    return DuplicateMergeStore.lock(conn, tenantId, survivorId, mergedId)
                            .compose(v -> ContactStore.find(conn, tenantId, survivorId, scope))
                            .compose(survivor -> ContactStore.find(conn, tenantId, mergedId, scope)
                                    .compose(merged -> apply(conn, p, survivor, merged, input, expected)));
                }))
                .recover(ContactService::translate);
    }

    private Future<Contact> apply(SqlConnection conn, Principal p, Contact survivor, Contact merged, DuplicateMergeInput input,
                                  ExpectedVersion expected) {
        if (merged == null) {
            return Future.failedFuture(ApiException.unknownReference("mergedContactId", "no such contact in this organization"));
        }
        if (survivor.archived()) {
            return Future.failedFuture(ApiException.conflict("contact-archived", "the surviving contact is archived; restore it first"));
        }
        if (merged.mergedIntoId() != null) {
            return Future.failedFuture(ApiException.conflict("contact-merged", "that contact was merged already"));
        }
        if (expected != null && !expected.matches(survivor.version())) {
            return Future.failedFuture(ExpectedVersion.staleOr(expected, "the contact"));
        }
        ContactValues values = ContactNormalizer.normalize(input.combine(survivor.values(), merged.values()));
        UUID tenantId = p.tenantId();
        return DuplicateMergeStore.markMerged(conn, tenantId, merged.id(), survivor.id())
                .compose(marked -> marked ? ContactStore.update(conn, tenantId, survivor.id(), values, survivor.version())
                        : Future.failedFuture(ApiException.conflict("contact-merged", "that contact was merged already")))
                .compose(updated -> DuplicateMergeStore.moveReferences(conn, tenantId, merged.id(), survivor.id()))
                .compose(moved -> ContactStore.findAny(conn, tenantId, survivor.id()).compose(after -> changes.record(conn, p,
                        Change.updated("contact.merged", "contact", survivor.id(), survivor.auditView(), after.auditView())
                                .withDetails(new io.vertx.core.json.JsonObject().put("mergedContactId", merged.id().toString())
                                        .put("merged", merged.auditView())
                                        .put("portalUserIds", moved.remove("portalUserIds")).put("moved", moved)))
                        .map(after)));
    }
}
