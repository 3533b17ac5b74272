package dev.switchboard.email;

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

/** Email templates and their versions. Every statement binds the tenant. */
final class EmailTemplateStore {

    static final String INSERT = """
            INSERT INTO email_templates (tenant_id, id, name, subject, html) VALUES ($1, $2, $3, $4, $5)""";
    static final String UPDATE = """
            UPDATE email_templates SET name = $3, subject = $4, html = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $6""";
    static final String SNAPSHOT = """
            INSERT INTO email_template_versions (tenant_id, template_id, version, name, subject, html, created_by)
            SELECT t.tenant_id, t.id, t.version, t.name, t.subject, t.html, $3 FROM email_templates t
            WHERE t.tenant_id = $1 AND t.id = $2""";
    static final String FIND = "SELECT " + EmailTemplate.COLUMNS + " FROM email_templates WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + EmailTemplate.COLUMNS + " FROM email_templates WHERE tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3";
    static final String DELETE = "DELETE FROM email_templates WHERE tenant_id = $1 AND id = $2";
    static final String FIND_BY_NAME = "SELECT " + EmailTemplate.COLUMNS + " FROM email_templates WHERE tenant_id = $1 AND lower(name) = lower($2)";
    static final String VERSIONS = "SELECT " + TemplateVersion.COLUMNS + " FROM email_template_versions "
            + "WHERE tenant_id = $1 AND template_id = $2 ORDER BY version DESC";
    static final String VERSION = "SELECT " + TemplateVersion.COLUMNS + " FROM email_template_versions "
            + "WHERE tenant_id = $1 AND template_id = $2 AND version = $3";

    private EmailTemplateStore() {
    }

    /** Inserts a template at version 1, and keeps that version. */
    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, String name, String subject, String html, UUID by) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, name, subject, html))
                .compose(v -> snapshot(conn, tenantId, id, by));
    }

    /** Moves the template to a new version with this content, and keeps it; false when {@code expected} is stale. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, String name, String subject, String html,
                                  int expected, UUID by) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, id, name, subject, html, expected))
                .compose(rows -> rows.rowCount() == 1 ? snapshot(conn, tenantId, id, by).map(true) : Future.succeededFuture(false));
    }

    private static Future<Void> snapshot(SqlConnection conn, UUID tenantId, UUID id, UUID by) {
        return conn.preparedQuery(SNAPSHOT).execute(Tuple.of(tenantId, id, by)).mapEmpty();
    }

    static Future<EmailTemplate> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> first(rows, EmailTemplate.FROM_ROW));
    }

    static Future<EmailTemplate> findByName(SqlConnection conn, UUID tenantId, String name) {
        return conn.preparedQuery(FIND_BY_NAME).execute(Tuple.of(tenantId, name))
                .map(rows -> rows.size() == 0 ? null : EmailTemplate.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<EmailTemplate>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> all(rows, EmailTemplate.FROM_ROW));
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    static Future<List<TemplateVersion>> versions(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(VERSIONS).execute(Tuple.of(tenantId, id)).map(rows -> all(rows, TemplateVersion.FROM_ROW));
    }

    static Future<TemplateVersion> version(SqlConnection conn, UUID tenantId, UUID id, int version) {
        return conn.preparedQuery(VERSION).execute(Tuple.of(tenantId, id, version)).map(rows -> first(rows, TemplateVersion.FROM_ROW));
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
