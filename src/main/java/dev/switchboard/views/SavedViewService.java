package dev.switchboard.views;

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
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * Saved views: every staff user keeps their own and reads those shared with the organization or with one of their
 * teams. Only the owner, or a holder of {@code organization.manage}, changes or deletes one. Views the caller cannot
 * read answer 404, like missing ones.
 */
public final class SavedViewService {

    private final Db db;
    private final Changes changes;

    public SavedViewService(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    /** The caller's own views and those shared with them, optionally of one resource type. */
    public Future<List<SavedView>> list(Principal p, String resourceType, Pages page) {
        staff(p);
        return db.readInTenant(p.tenantId(), conn -> SavedViewStore.list(conn, p.tenantId(), p.userId(), p.teamIds(),
                resourceType, page));
    }

    /** The view; 404 when it is missing or not shared with the caller. */
    public Future<SavedView> get(Principal p, UUID id) {
        staff(p);
        return db.readInTenant(p.tenantId(), conn -> readable(conn, p, id));
    }

    /** Creates a view owned by the caller; 422 when a team view names a team the caller is not in. */
    public Future<SavedView> create(Principal p, SavedViewInput input) {
        staff(p);
        checkTeam(p, input.visibility(), input.teamId());
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> SavedViewStore.insert(conn, p.tenantId(), id, p.userId(), input)
                        .compose(v -> readable(conn, p, id))
                        .compose(view -> changes.record(conn, p, Change.created("saved_view.created", "saved_view", id,
                                view.auditView())).map(view)))
                .recover(SavedViewService::translate);
    }

    /** Changes the fields {@code input} names; 403 unless the caller owns the view or manages the organization. */
    public Future<SavedView> update(Principal p, UUID id, SavedViewInput input, ExpectedVersion expected) {
        staff(p);
        return db.inTenant(p.tenantId(), conn -> writable(conn, p, id).compose(before -> {
                    String visibility = input.has("visibility") ? input.visibility() : before.visibility();
                    UUID teamId = input.has("teamId") ? input.teamId() : "team".equals(visibility) ? before.teamId() : null;
                    if ("team".equals(visibility) && teamId == null) {
                        return Future.failedFuture(ApiException.invalid("teamId", "is required when visibility is team"));
                    }
                    checkTeam(p, visibility, teamId);
                    SavedView after = new SavedView(id, before.ownerUserId(),
                            input.has("name") ? input.name() : before.name(),
                            input.has("resourceType") ? input.resourceType() : before.resourceType(),
                            input.has("filters") ? input.filters() : before.filters(),
                            input.has("sort") ? input.sort() : before.sort(),
                            visibility, "team".equals(visibility) ? teamId : null, before.version(), null, null);
                    return SavedViewStore.update(conn, p.tenantId(), after, ExpectedVersion.orRead(expected, before.version()))
                            .compose(done -> done ? SavedViewStore.findAny(conn, p.tenantId(), id)
                                    : Future.failedFuture(ExpectedVersion.staleOr(expected, "the saved view")))
                            .compose(view -> changes.record(conn, p, Change.updated("saved_view.updated", "saved_view", id,
                                    before.auditView(), view.auditView())).map(view));
                }))
                .recover(SavedViewService::translate);
    }

    /** Deletes the view; 403 unless the caller owns it or manages the organization. */
    public Future<Void> delete(Principal p, UUID id) {
        staff(p);
        return db.inTenant(p.tenantId(), conn -> writable(conn, p, id).compose(before -> SavedViewStore.delete(conn, p.tenantId(), id)
                .compose(v -> changes.record(conn, p, Change.deleted("saved_view.deleted", "saved_view", id, before.auditView())))));
    }

    private Future<SavedView> readable(SqlConnection conn, Principal p, UUID id) {
        return SavedViewStore.find(conn, p.tenantId(), p.userId(), p.teamIds(), id).compose(view -> view == null
                ? Future.failedFuture(ApiException.notFound("saved view")) : Future.succeededFuture(view));
    }

    private Future<SavedView> writable(SqlConnection conn, Principal p, UUID id) {
        return readable(conn, p, id).map(view -> {
            if (!view.ownerUserId().equals(p.userId()) && !p.can(Permission.ORGANIZATION_MANAGE)) {
                throw ApiException.forbidden("only the owner of a saved view changes it");
            }
            return view;
        });
    }

    /** Saved views belong to people of the organization's staff, not to API keys or portal customers. */
    private static void staff(Principal p) {
        p.requirePerson();
        if (p.isCustomer()) {
            throw ApiException.forbidden("saved views are for staff users");
        }
    }

    /** A team view is shared with one of the caller's teams, unless the caller manages teams. */
    private static void checkTeam(Principal p, String visibility, UUID teamId) {
        if ("team".equals(visibility) && !p.inTeam(teamId) && !p.can(Permission.TEAMS_MANAGE)) {
            throw ApiException.unknownReference("teamId", "not one of your teams");
        }
    }

    private static <T> Future<T> translate(Throwable err) {
        if (err instanceof StoreException s && s.kind() == StoreException.Kind.MISSING_REFERENCE
                && "saved_views_team_fk".equals(s.constraint())) {
            return Future.failedFuture(ApiException.unknownReference("teamId", "no such team in this organization"));
        }
        return Future.failedFuture(err);
    }
}
