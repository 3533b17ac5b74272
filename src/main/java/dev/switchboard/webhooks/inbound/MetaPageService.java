package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** The organization's Facebook pages, whose Meta lead ads are routed to it. Needs {@code webhooks.manage}. */
public final class MetaPageService {

    private final Db db;
    private final Changes changes;

    public MetaPageService(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    public Future<List<JsonObject>> list(Principal p, Pages page) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> MetaPageStore.list(conn, p.tenantId(), page));
    }

    /** Adds a page; 409 when any organization already has it. */
    public Future<JsonObject> add(Principal p, String pageId) {
        p.require(Permission.WEBHOOKS_MANAGE);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> MetaPageStore.insert(conn, p.tenantId(), id, pageId)
                .compose(view -> changes.record(conn, p, Change.created("meta_page.created", "meta_page", id, view)).map(view)))
                .recover(err -> Future.failedFuture(err instanceof StoreException s && s.isDuplicate("meta_pages_page_key")
                        ? ApiException.conflict("duplicate-page", "the page is already connected") : err));
    }

    public Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.WEBHOOKS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> MetaPageStore.delete(conn, p.tenantId(), id).compose(view -> view == null
                ? Future.failedFuture(ApiException.notFound("Meta page"))
                : changes.record(conn, p, Change.deleted("meta_page.deleted", "meta_page", id, view))));
    }
}
