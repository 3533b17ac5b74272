package dev.switchboard.webhooks.outbound;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Webhook endpoints and their delivery log. Every statement binds the tenant. */
final class WebhookStore {

    static final String INSERT = """
            INSERT INTO webhook_endpoints (tenant_id, id, url, description, event_types, secret, enabled)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";
    static final String FIND = "SELECT " + WebhookEndpoint.COLUMNS + " FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + WebhookEndpoint.COLUMNS + " FROM webhook_endpoints WHERE tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3";
    static final String ENABLED = "SELECT " + WebhookEndpoint.COLUMNS + " FROM webhook_endpoints WHERE tenant_id = $1 AND enabled ORDER BY id";
    static final String UPDATE = """
            UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5, enabled = $6,
                disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $7""";
    static final String DISABLE = """
            UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND enabled""";
    static final String DELETE = "DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2";
    static final String INSERT_DELIVERY = """
            INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, event_type, job_id, attempt, status_code,
                duration_ms, succeeded, error, attempted_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";
    static final String DELIVERIES = "SELECT " + WebhookDelivery.COLUMNS + " FROM webhook_deliveries WHERE tenant_id = $1 "
            + "AND endpoint_id = $2 AND ($3::uuid IS NULL OR id > $3) ORDER BY id LIMIT $4";
    static final String DELIVERIES_NEWEST = Pages.reversed(DELIVERIES, "id");

    private WebhookStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, EndpointSettings s, String secret) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, s.url(), s.description(), s.eventTypes().toArray(new String[0]),
                secret, s.enabled())).mapEmpty();
    }

    static Future<WebhookEndpoint> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> first(rows, WebhookEndpoint.FROM_ROW));
    }

    static Future<List<WebhookEndpoint>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> all(rows, WebhookEndpoint.FROM_ROW));
    }

    /** The enabled endpoints subscribed to {@code eventType}, by name or with {@code *}. */
    /** The tenant's enabled endpoints, whatever they subscribe to. */
    static Future<List<WebhookEndpoint>> enabled(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(ENABLED).execute(Tuple.of(tenantId)).map(rows -> all(rows, WebhookEndpoint.FROM_ROW));
    }

    /** False when {@code expected} is stale. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, EndpointSettings s, int expected) {
        return conn.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {tenantId, id, s.url(), s.description(),
                s.eventTypes().toArray(new String[0]), s.enabled(), expected})).map(rows -> rows.rowCount() == 1);
    }

    /** False when the endpoint was already disabled (or is gone). */
    static Future<Boolean> disable(SqlConnection conn, UUID tenantId, UUID id, String reason) {
        return conn.preparedQuery(DISABLE).execute(Tuple.of(tenantId, id, reason)).map(rows -> rows.rowCount() == 1);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    static Future<Void> insertDelivery(SqlConnection conn, UUID tenantId, WebhookDelivery d) {
        return conn.preparedQuery(INSERT_DELIVERY).execute(Tuple.from(new Object[] {tenantId, d.id(), d.endpointId(), d.eventId(),
                d.eventType(), d.jobId(), d.attempt(), d.statusCode(), d.durationMs(), d.succeeded(), d.error(), d.attemptedAt()})).mapEmpty();
    }

    static Future<List<WebhookDelivery>> deliveries(SqlConnection conn, UUID tenantId, UUID endpointId, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? DELIVERIES_NEWEST : DELIVERIES).execute(Tuple.of(tenantId, endpointId, page.after(), page.limit()))
                .map(rows -> all(rows, WebhookDelivery.FROM_ROW));
    }

    private static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(mapper.apply(row)));
        return out;
    }
}
