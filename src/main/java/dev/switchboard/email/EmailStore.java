package dev.switchboard.email;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The email send log. Every statement binds the tenant. */
final class EmailStore {

    static final String INSERT = """
            INSERT INTO email_log (tenant_id, id, template_id, template_version, to_address, data, reply_to, job_id, created_by,
                created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
    static final String FIND = "SELECT " + EmailMessage.COLUMNS + " FROM email_log WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + EmailMessage.COLUMNS + " FROM email_log WHERE tenant_id = $1 "
            + "AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR id > $3) ORDER BY id LIMIT $4";
    static final String LIST_NEWEST = Pages.reversed(LIST, "id");
    /** An email the server sends by itself, logged when its job first runs (its id is the job's); a retry finds it there. */
    static final String INSERT_SYSTEM = """
            INSERT INTO email_log (tenant_id, id, kind, to_address, subject, job_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $2, $6)
            ON CONFLICT (tenant_id, id) DO NOTHING""";
    static final String MARK_SENT = """
            UPDATE email_log SET status = 'sent', subject = $3, provider_message_id = $4, sent_at = $5, last_error = NULL
            WHERE tenant_id = $1 AND id = $2""";
    static final String MARK_ATTEMPT_FAILED = "UPDATE email_log SET last_error = $3 WHERE tenant_id = $1 AND id = $2";
    static final String MARK_FAILED = "UPDATE email_log SET status = 'failed', last_error = $3 WHERE tenant_id = $1 AND id = $2";

    static final String LOCK_BY_PROVIDER_ID = "SELECT " + EmailMessage.COLUMNS
            + " FROM email_log WHERE tenant_id = $1 AND provider_message_id = $2 ORDER BY id LIMIT 1 FOR UPDATE";
    /** Moves the delivery state only up its rank (see email_delivery_rank in the migration). */
    static final String RAISE_DELIVERY = """
            UPDATE email_log SET delivery_status = $3, delivery_updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND email_delivery_rank(delivery_status) < email_delivery_rank($3)
            RETURNING\s""" + EmailMessage.COLUMNS;

    private EmailStore() {
    }

    static Future<Void> insert(SqlConnection conn, EmailMessage m, UUID createdBy) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {m.tenantId(), m.id(), m.templateId(), m.templateVersion(),
                m.to(), m.data(), m.replyTo().toArray(new String[0]), m.jobId(), createdBy, m.createdAt()})).mapEmpty();
    }

    static Future<Void> insertSystem(SqlClient conn, UUID tenantId, UUID id, String kind, String to, String subject, Instant at) {
        return conn.preparedQuery(INSERT_SYSTEM).execute(Tuple.of(tenantId, id, kind, to, subject, at.atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    static Future<EmailMessage> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? null : EmailMessage.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<EmailMessage>> list(SqlConnection conn, UUID tenantId, String status, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? LIST_NEWEST : LIST).execute(Tuple.of(tenantId, status, page.after(), page.limit())).map(rows -> {
            List<EmailMessage> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(EmailMessage.FROM_ROW.apply(row)));
            return out;
        });
    }

    static Future<Void> sent(SqlConnection conn, UUID tenantId, UUID id, String subject, String providerId, Instant at) {
        return conn.preparedQuery(MARK_SENT).execute(Tuple.of(tenantId, id, subject, providerId, at.atOffset(ZoneOffset.UTC))).mapEmpty();
    }

    static Future<EmailMessage> lockByProviderId(SqlConnection conn, UUID tenantId, String providerMessageId) {
        return conn.preparedQuery(LOCK_BY_PROVIDER_ID).execute(Tuple.of(tenantId, providerMessageId))
                .map(rows -> rows.size() == 0 ? null : EmailMessage.FROM_ROW.apply(rows.iterator().next()));
    }

    /** The updated email, or null when {@code status} ranks no higher than its current delivery state. */
    static Future<EmailMessage> raiseDelivery(SqlConnection conn, UUID tenantId, UUID id, String status) {
        return conn.preparedQuery(RAISE_DELIVERY).execute(Tuple.of(tenantId, id, status))
                .map(rows -> rows.size() == 0 ? null : EmailMessage.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<Void> attemptFailed(SqlConnection conn, UUID tenantId, UUID id, String error) {
        return conn.preparedQuery(MARK_ATTEMPT_FAILED).execute(Tuple.of(tenantId, id, error)).mapEmpty();
    }

    static Future<Void> failed(SqlConnection conn, UUID tenantId, UUID id, String error) {
        return conn.preparedQuery(MARK_FAILED).execute(Tuple.of(tenantId, id, error)).mapEmpty();
    }
}
