package dev.switchboard.labels;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Together;
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
import java.util.List;
import java.util.UUID;

/**
 * Managed labels: staff read them, {@code labels.manage} creates, renames and deletes them. Applying one to a record,
 * or removing it, is a change of that record under its own write rules; it is audited and emits
 * {@code <type>.labeled} or {@code <type>.unlabeled}.
 */
public final class LabelService {

    private final Db db;
    private final Changes changes;
    private final Records records;
    private final LabelTargets targets;

    public LabelService(Db db, Changes changes, Records records, LabelTargets targets) {
        this.db = db;
        this.changes = changes;
        this.records = records;
        this.targets = targets;
    }

    /** A page of labels, optionally those whose name contains {@code query}; 403 for portal customers. */
    public Future<List<Label>> list(Principal p, String query, Pages page) {
        requireStaff(p);
        String pattern = query == null ? null
                : "%" + query.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return db.inTenant(p.tenantId(), conn -> LabelStore.list(conn, p.tenantId(), pattern, page));
    }

    /** The label; 404 when the organization has none with this id. */
    public Future<Label> get(Principal p, UUID id) {
        requireStaff(p);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a label; 409 when the organization has one of that name, whatever its case. */
    public Future<Label> create(Principal p, LabelInput input) {
        p.require(Permission.LABELS_MANAGE);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> LabelStore.insert(conn, p.tenantId(), id, input.name(), input.color(), input.description())
                        .compose(v -> existing(conn, p, id))
                        .compose(label -> changes.record(conn, p, Change.created("label.created", "label", id, label.auditView()))
                                .map(label)))
                .recover(LabelService::nameTaken);
    }

    /** Renames, recolours or re-describes a label (records keep it: they link to its id); 409/412 when stale, 409 for a taken name. */
    public Future<Label> update(Principal p, UUID id, LabelInput patch, ExpectedVersion expected) {
        p.require(Permission.LABELS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> {
                    Label after = patch.applyTo(before);
                    return LabelStore.update(conn, p.tenantId(), after, ExpectedVersion.orRead(expected, before.version()))
                            .compose(updated -> updated ? existing(conn, p, id)
                                    : Future.failedFuture(ExpectedVersion.staleOr(expected, "the label")))
                            .compose(saved -> changes.record(conn, p, Change.updated("label.updated", "label", id, before.auditView(),
                                    saved.auditView())).map(saved));
                }))
                .recover(LabelService::nameTaken);
    }

    /** Deletes a label, removing it from every record that carried it. */
    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.LABELS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(label -> LabelStore.delete(conn, p.tenantId(), id)
                .compose(v -> changes.record(conn, p, Change.deleted("label.deleted", "label", id, label.auditView())))));
    }

    /** The labels on a record; 404 when the caller cannot read the record, 403 for portal customers. */
    public Future<List<Label>> ofRecord(Principal p, LabeledType type, UUID recordId) {
        requireStaff(p);
        return db.inTenant(p.tenantId(), conn -> records.canRead(conn, p, type.type(), recordId).compose(readable -> readable
                ? LabelStore.ofRecord(conn, p.tenantId(), type, recordId)
                : Future.failedFuture(ApiException.notFound(type.type()))));
    }

    /** Applies a label to a record the caller may change; 404 for an unknown record or label. Applying it twice changes nothing. */
    public Future<Void> apply(Principal p, LabeledType type, UUID recordId, UUID labelId) {
        return db.inTenant(p.tenantId(), conn -> targets.requireWritable(conn, p, type, recordId)
                .compose(v -> existing(conn, p, labelId))
                .compose(label -> LabelStore.apply(conn, p.tenantId(), type, new UUID[] {recordId}, labelId)
                        .compose(changed -> recordLinks(conn, p, type, label, changed, true))));
    }

    /** Removes a label from a record the caller may change; removing one it does not carry changes nothing. */
    public Future<Void> remove(Principal p, LabeledType type, UUID recordId, UUID labelId) {
        return db.inTenant(p.tenantId(), conn -> targets.requireWritable(conn, p, type, recordId)
                .compose(v -> existing(conn, p, labelId))
                .compose(label -> LabelStore.remove(conn, p.tenantId(), type, new UUID[] {recordId}, labelId)
                        .compose(changed -> recordLinks(conn, p, type, label, changed, false))));
    }

    /**
     * Inside the caller's transaction, for records already checked as writable: adds the labels {@code add} and removes
     * {@code remove} from every one of {@code recordIds}, recording each link that changed. 422 naming
     * {@code addLabelIds} or {@code removeLabelIds} for a label the organization does not have.
     */
    public Future<Void> relabel(SqlConnection conn, Principal p, LabeledType type, UUID[] recordIds, List<UUID> add, List<UUID> remove) {
        Future<Void> chain = Future.succeededFuture();
        for (boolean applying : new boolean[] {true, false}) {
            List<UUID> wanted = applying ? add : remove;
            if (wanted.isEmpty()) {
                continue;
            }
            chain = chain.compose(v -> LabelStore.findMany(conn, p.tenantId(), wanted.toArray(new UUID[0]))).compose(found -> {
                if (found.size() != wanted.size()) {
                    return Future.failedFuture(ApiException.unknownReference(applying ? "addLabelIds" : "removeLabelIds",
                            "names a label your organization does not have"));
                }
                Future<Void> links = Future.succeededFuture();
                for (Label label : found) {
                    links = links.compose(v -> (applying ? LabelStore.apply(conn, p.tenantId(), type, recordIds, label.id())
                            : LabelStore.remove(conn, p.tenantId(), type, recordIds, label.id()))
                            .compose(changed -> recordLinks(conn, p, type, label, changed, applying)));
                }
                return links;
            });
        }
        return chain;
    }

    /**
     * Records one {@code <type>.labeled} (or {@code .unlabeled}) change per record in {@code changed}, inside the
     * caller's transaction: for writers that apply labels to many records at once.
     */
    public Future<Void> recordLinks(SqlConnection conn, Principal p, LabeledType type, Label label, List<UUID> changed, boolean applied) {
        String action = type.type() + (applied ? ".labeled" : ".unlabeled");
        JsonObject details = new JsonObject().put("label", new JsonObject().put("id", label.id().toString()).put("name", label.name())
                .put("color", label.color()));
        return Together.each(changed, recordId -> changes.record(conn, p, new Change(action, type.type(), recordId, null, null, details)));
    }

    private static Future<Label> existing(SqlConnection conn, Principal p, UUID id) {
        return LabelStore.find(conn, p.tenantId(), id).compose(label -> label == null
                ? Future.failedFuture(ApiException.notFound("label")) : Future.succeededFuture(label));
    }

    private static void requireStaff(Principal p) {
        if (p.isCustomer()) {
            throw ApiException.forbidden("labels are for staff");
        }
    }

    private static <T> Future<T> nameTaken(Throwable err) {
        return err instanceof StoreException s && s.isDuplicate("labels_name_key")
                ? Future.failedFuture(ApiException.conflict("label-name-taken", "a label with this name already exists"))
                : Future.failedFuture(err);
    }
}
