package dev.switchboard.workflows;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The ids a definition's actions name (users, queues, email templates, webhook endpoints), checked when the
 * workflow is saved: each must be a record of the workflow's organization that a run can use (an active staff
 * user, an enabled endpoint), so a run never meets another organization's id or a made-up one. Errors name the
 * path, e.g. {@code definition.actions[0].queueId}.
 *
 * <p>Reads the ids of the other features' tables in one statement inside the save's transaction, rather than a
 * call through four services: it only asks which ids exist.
 */
final class DefinitionReferences {

    /** Of the ids in $2..$5, those that name no usable record of tenant $1, each with its kind. */
    static final String MISSING = """
            SELECT 'user' AS kind, x.id FROM unnest($2::uuid[]) AS x(id)
             WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = $1 AND u.id = x.id AND u.active AND u.role <> 'customer')
            UNION ALL
            SELECT 'queue', x.id FROM unnest($3::uuid[]) AS x(id)
             WHERE NOT EXISTS (SELECT 1 FROM case_queues q WHERE q.tenant_id = $1 AND q.id = x.id)
            UNION ALL
            SELECT 'template', x.id FROM unnest($4::uuid[]) AS x(id)
             WHERE NOT EXISTS (SELECT 1 FROM email_templates t WHERE t.tenant_id = $1 AND t.id = x.id)
            UNION ALL
            SELECT 'endpoint', x.id FROM unnest($5::uuid[]) AS x(id)
             WHERE NOT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.tenant_id = $1 AND e.id = x.id AND e.enabled)""";

    private DefinitionReferences() {
    }

    /** Succeeds when every id in {@code definition} is usable in {@code tenantId}; otherwise a 422 naming each path. */
    static Future<Void> check(SqlClient client, UUID tenantId, Definition definition) {
        List<Ref> refs = collect(definition);
        if (refs.isEmpty()) {
            return Future.succeededFuture();
        }
        Tuple args = Tuple.of(tenantId, ids(refs, Kind.USER), ids(refs, Kind.QUEUE), ids(refs, Kind.TEMPLATE), ids(refs, Kind.ENDPOINT));
        return client.preparedQuery(MISSING).execute(args).compose(rows -> {
            Set<String> missing = new HashSet<>();
            for (Row row : rows) {
                missing.add(row.getString("kind") + ":" + row.getUUID("id"));
            }
            List<FieldError> errors = refs.stream().filter(r -> missing.contains(r.kind.sql + ":" + r.id))
                    .map(r -> new FieldError(r.path, r.kind.message)).toList();
            return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(ApiException.unknownReferences(errors));
        });
    }

    static List<Ref> collect(Definition definition) {
        List<Ref> out = new ArrayList<>();
        List<JsonObject> actions = definition.actions();
        for (int i = 0; i < actions.size(); i++) {
            JsonObject a = actions.get(i);
            String path = "definition.actions[" + i + "]";
            switch (a.getString("type", "")) {
                case "send_email" -> add(out, Kind.TEMPLATE, path + ".templateId", a.getValue("templateId"));
                case "send_webhook" -> add(out, Kind.ENDPOINT, path + ".endpointId", a.getValue("endpointId"));
                case "create_task" -> add(out, Kind.USER, path + ".assignee", a.getValue("assignee"));
                case "assign" -> {
                    add(out, Kind.USER, path + ".userId", a.getValue("userId"));
                    add(out, Kind.QUEUE, path + ".queueId", a.getValue("queueId"));
                    JsonArray users = a.getJsonArray("userIds");
                    for (int u = 0; users != null && u < users.size(); u++) {
                        add(out, Kind.USER, path + ".userIds[" + u + "]", users.getValue(u));
                    }
                }
                case "notify" -> {
                    JsonArray recipients = a.getJsonArray("recipients");
                    for (int r = 0; recipients != null && r < recipients.size(); r++) {
                        add(out, Kind.USER, path + ".recipients[" + r + "]", recipients.getValue(r));
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    /** Ids only: the words {@code assignee} and {@code owner} stand for the record's own people. */
    private static void add(List<Ref> out, Kind kind, String path, Object value) {
        UUID id = value instanceof String s ? Ids.parse(s) : null;
        if (id != null) {
            out.add(new Ref(kind, path, id));
        }
    }

    private static UUID[] ids(List<Ref> refs, Kind kind) {
        return refs.stream().filter(r -> r.kind == kind).map(Ref::id).distinct().toArray(UUID[]::new);
    }

    enum Kind {
        USER("user", "is not an active staff user of this organization"),
        QUEUE("queue", "is not a queue of this organization"),
        TEMPLATE("template", "is not an email template of this organization"),
        ENDPOINT("endpoint", "is not an enabled webhook endpoint of this organization");

        final String sql;
        final String message;

        Kind(String sql, String message) {
            this.sql = sql;
            this.message = message;
        }
    }

    record Ref(Kind kind, String path, UUID id) {
    }
}
