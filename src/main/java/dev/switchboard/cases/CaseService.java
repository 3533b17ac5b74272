package dev.switchboard.cases;

import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Creating, reading, listing and editing cases. Invisible cases answer 404; visible but unchangeable ones 403. */
public final class CaseService {

    /** The record type cases' custom field definitions are filed under. */
    static final String RECORD_TYPE = "case";

    private final Db db;
    private final PipelineService pipelines;
    private final References references;
    private final CaseWrites writes;
    private final CustomFieldService customFields;

    public CaseService(Db db, PipelineService pipelines, References references, CaseWrites writes, CustomFieldService customFields) {
        this.db = db;
        this.pipelines = pipelines;
        this.references = references;
        this.writes = writes;
        this.customFields = customFields;
    }

    /** The cases {@code p} sees that match {@code filter} and the {@code cf.} parameters of {@code query}; 400 for a bad one. */
    public Future<List<Case>> list(Principal p, CaseFilter filter, MultiMap query, Pages page) {
        if (!CustomFieldFilter.requested(query, page)) {
            return db.readInTenant(p.tenantId(), conn -> CaseStore.list(conn, p, filter, CustomFieldFilter.NONE, page));
        }
        return db.inTenant(p.tenantId(), conn -> customFields.filter(conn, p.tenantId(), RECORD_TYPE, query, page)
                .compose(custom -> CaseStore.list(conn, p, filter, custom, page)));
    }

    /** The case; 404 when it does not exist or the caller may not see it. */
    public Future<Case> get(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> visible(conn, p, id));
    }

    /** Counts over the cases the caller can see. */
    public Future<CaseStats> stats(Principal p) {
        return db.inTenant(p.tenantId(), conn -> CaseStatsStore.stats(conn, p));
    }

    /** The case's status history, oldest first; 404 as {@link #get}. */
    public Future<List<StatusEntry>> history(Principal p, UUID id, Pages page) {
        return db.inTenant(p.tenantId(), conn -> visible(conn, p, id)
                .compose(c -> StatusHistoryStore.list(conn, p.tenantId(), id, page)));
    }

    /**
     * Creates a case with the next number of the organization, in the given or default pipeline. An agent's case
     * without an owner is theirs. 400 for a stage the pipeline lacks or an invalid custom field, 422 for unknown links,
     * 403 for a stage the caller's role may not set.
     */
    public Future<Case> create(Principal p, CaseInput in) {
        p.require(Permission.CASES_WRITE);
        return db.inTenant(p.tenantId(), conn -> insert(conn, p, in));
    }

    /**
     * Creates a case as {@link #create} does, inside the caller's transaction on {@code conn}: every link, the stage and
     * the custom fields checked, then the case, its first status history entry, audit entry and event. The create
     * route and the CSV import both write through here, for a caller they found to hold {@code cases.write}; failures
     * as {@link #create}.
     */
    Future<Case> insert(SqlConnection conn, Principal p, CaseInput in) {
        boolean ownSelf = in.ownerUserId() == null && in.ownerQueueId() == null && !p.can(Permission.CASES_READ_ALL);
        UUID ownerUserId = ownSelf ? p.userId() : in.ownerUserId();
        UUID id = Ids.next();
        // The checks are independent reads: they go out together and come back in one round trip, each failing
        // with its own error; the first in this order wins when several fail.
        Future<Void> links = references.check(conn, p, in.teamId(), in.contactId());
        Future<Pipeline> pipelineOf = pipelines.forCase(conn, p, in.pipelineId());
        Future<Void> owner = References.ownerUser(conn, p, ownerUserId);
        Future<?> queue = References.queue(conn, p, in.ownerQueueId());
        Future<JsonObject> values = customFields.values(conn, p.tenantId(), RECORD_TYPE, null, in.customFields());
        return Future.join(links, pipelineOf, owner, queue, values)
                .transform(all -> links.compose(v -> pipelineOf))
                .compose(pipeline -> {
                    PipelineStage stage = in.stage() == null ? pipeline.firstStage() : pipeline.stage(in.stage()).orElse(null);
                    if (stage == null) {
                        return Future.failedFuture(ApiException.invalid("stage", "is not a stage of the pipeline"));
                    }
                    if (!stage.maySet(p.role())) {
                        return Future.failedFuture(ApiException.forbidden("your role may not set stage " + stage.key()));
                    }
                    return owner.compose(v -> queue).compose(v -> values)
                            .compose(custom -> CaseNumbers.next(conn, p.tenantId()).compose(number -> CaseStore.insert(conn, p.tenantId(),
                                    new Case(id, number, in.title(), in.contactId(), pipeline.id(), stage.key(), null, in.priority(),
                                            ownerUserId, in.ownerQueueId(), in.teamId(), in.source(), in.campaign(), null, 1, p.userId(),
                                            null, null, custom))))
                            .compose(created -> writes.created(conn, p, created).map(created));
                });
    }

    /**
     * Applies a partial update at the version the caller read (null: the version read in this transaction, for
     * automation): 409/412 when stale, 409 when archived, 400 for unknown links. Emits {@code case.updated}, and {@code case.assigned} when the owner changes.
     */
    public Future<Case> update(Principal p, UUID id, CasePatch patch, ExpectedVersion expected) {
        return db.inTenant(p.tenantId(), conn -> references.check(conn, p, patch.newTeamId(), patch.newContactId())
                .compose(ok -> CaseStore.findVisible(conn, p, id)).compose(c -> CaseWrites.writable(p, c)).compose(CaseWrites::active)
                        .compose(before -> ownerOf(conn, p, patch)
                                .compose(v -> customFields.values(conn, p.tenantId(), RECORD_TYPE, before.customFields(), patch.customFields()))
                                .compose(custom -> {
                                    List<String> actions = new ArrayList<>();
                                    if (patch.changesDetails() || !patch.reassigns()) {
                                        actions.add(CaseWrites.UPDATED);
                                    }
                                    return writes.saveAt(conn, p, before, patch.applyTo(before).withCustomFields(custom),
                                            ExpectedVersion.orRead(expected, before.version()),
                                            () -> ExpectedVersion.staleOr(expected, "the case"), actions, null);
                                })));
    }

    /**
     * For the system (webhook ingestion), inside the caller's transaction: a case from {@code source} with its
     * campaign references, in the first stage of the default pipeline, unowned (managers and the queue see it),
     * recorded as {@code case.created} by the system.
     */
    public Future<Case> createForSystem(SqlConnection conn, UUID tenantId, String title, UUID contactId, String source,
                                        JsonObject campaign) {
        UUID id = Ids.next();
        return customFields.systemValues(conn, tenantId, RECORD_TYPE, null).compose(custom -> pipelines.ensureDefault(conn, tenantId,
                        Actor.SYSTEM, RequestMeta.SYSTEM).compose(pipeline -> CaseNumbers.next(conn, tenantId)
                        .compose(number -> CaseStore.insert(conn, tenantId, new Case(id, number, title, contactId, pipeline.id(),
                                pipeline.firstStage().key(), null, "normal", null, null, null, source, campaign, null, 1, null, null, null,
                                custom)))))
                .compose(v -> CaseStore.find(conn, tenantId, id))
                .compose(created -> writes.createdBySystem(conn, tenantId, created).map(created));
    }

    private static Future<Void> ownerOf(SqlConnection conn, Principal p, CasePatch patch) {
        if (!patch.reassigns()) {
            return Future.succeededFuture();
        }
        return References.ownerUser(conn, p, patch.ownerUserId()).compose(v -> References.queue(conn, p, patch.ownerQueueId())).mapEmpty();
    }

    /** Succeeds when {@code p} may change the case (it is locked for the transaction); 404 when invisible, 403 when read-only. */
    public Future<Void> requireWritable(SqlConnection conn, Principal p, UUID id) {
        return CaseWrites.lockWritable(conn, p, id).mapEmpty();
    }

    static Future<Case> visible(SqlConnection conn, Principal p, UUID id) {
        return CaseStore.findVisible(conn, p, id).compose(c -> c == null
                ? Future.failedFuture(ApiException.notFound("case")) : Future.succeededFuture(c));
    }
}
