package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The Facebook pages of each tenant. Every statement binds the tenant, except routing (SECURITY DEFINER). */
final class MetaPageStore {

    static final String INSERT = "INSERT INTO meta_pages (tenant_id, id, page_id) VALUES ($1, $2, $3) RETURNING id, page_id, created_at";
    static final String LIST = "SELECT id, page_id, created_at FROM meta_pages WHERE tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3";
    static final String DELETE = "DELETE FROM meta_pages WHERE tenant_id = $1 AND id = $2 RETURNING id, page_id, created_at";
    static final String TENANTS_OF_PAGES = "SELECT p.page_id, meta_page_tenant(p.page_id) AS tenant_id FROM unnest($1::text[]) AS p (page_id)";

    private MetaPageStore() {
    }

    static Future<JsonObject> insert(SqlConnection conn, UUID tenantId, UUID id, String pageId) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, pageId)).map(rows -> view(rows.iterator().next()));
    }

    static Future<List<JsonObject>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<JsonObject> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(view(row)));
            return out;
        });
    }

    /** The deleted page's view, or null when there was none in the tenant. */
    static Future<JsonObject> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** The active organization each of {@code pageIds} belongs to, by page id (pages no organization has are left out). */
    static Future<java.util.Map<String, UUID>> tenantsOf(SqlConnection conn, java.util.Collection<String> pageIds) {
        return conn.preparedQuery(TENANTS_OF_PAGES).execute(Tuple.of(pageIds.toArray(String[]::new))).map(rows -> {
            java.util.Map<String, UUID> tenants = new java.util.HashMap<>();
            for (Row row : rows) {
                if (row.getUUID("tenant_id") != null) {
                    tenants.put(row.getString("page_id"), row.getUUID("tenant_id"));
                }
            }
            return tenants;
        });
    }

    private static JsonObject view(Row row) {
        return new JsonObject().put("id", row.getUUID("id").toString()).put("pageId", row.getString("page_id"))
                .put("createdAt", Timestamps.format(row.getOffsetDateTime("created_at")));
    }
}
