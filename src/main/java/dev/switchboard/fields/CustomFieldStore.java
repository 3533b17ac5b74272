package dev.switchboard.fields;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Custom field definitions. Every statement binds the tenant. */
final class CustomFieldStore {

    static final String INSERT = """
            INSERT INTO custom_field_definitions (tenant_id, id, record_type, key, label, type, options, required, default_value,
                                                  position)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10)""";
    static final String FIND = "SELECT " + CustomFieldDefinition.COLUMNS
            + " FROM custom_field_definitions d WHERE d.tenant_id = $1 AND d.id = $2";
    /** Every definition of one record type (archived too: their values stay readable and filterable). */
    static final String OF_TYPE = "SELECT " + CustomFieldDefinition.COLUMNS
            + " FROM custom_field_definitions d WHERE d.tenant_id = $1 AND d.record_type = $2 ORDER BY d.position, d.id";
    static final String ALL = "SELECT " + CustomFieldDefinition.COLUMNS
            + " FROM custom_field_definitions d WHERE d.tenant_id = $1 ORDER BY d.record_type, d.position, d.id";
    static final String LIST = "SELECT " + CustomFieldDefinition.COLUMNS + """
             FROM custom_field_definitions d
            WHERE d.tenant_id = $1 AND ($2::text IS NULL OR d.record_type = $2) AND ($3 OR d.archived_at IS NULL)
              AND ($4::uuid IS NULL OR d.id > $4)
            ORDER BY d.id LIMIT $5""";
    static final String LIST_NEWEST = Pages.reversed(LIST, "d.id");
    static final String UPDATE = """
            UPDATE custom_field_definitions SET label = $3, options = $4, required = $5, default_value = $6::text::jsonb,
                   position = $7, archived_at = CASE WHEN $8 THEN coalesce(archived_at, now()) END,
                   version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $9""";
    static final String KNOWN_USERS = "SELECT id FROM users WHERE tenant_id = $1 AND id = ANY($2::uuid[])";

    private CustomFieldStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, CustomFieldInput in) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, in.recordType(), in.key(), in.label(), in.type(),
                        (in.options() == null ? List.<String>of() : in.options()).toArray(new String[0]),
                        in.required() != null && in.required())
                .addString(json(in.defaultValue())).addInteger(in.position() == null ? 0 : in.position())).mapEmpty();
    }

    static Future<CustomFieldDefinition> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(CustomFieldStore::firstOrNull);
    }

    static Future<List<CustomFieldDefinition>> ofType(SqlConnection conn, UUID tenantId, String recordType) {
        return conn.preparedQuery(OF_TYPE).execute(Tuple.of(tenantId, recordType)).map(CustomFieldStore::all);
    }

    static Future<List<CustomFieldDefinition>> all(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(ALL).execute(Tuple.of(tenantId)).map(CustomFieldStore::all);
    }

    static Future<List<CustomFieldDefinition>> list(SqlConnection conn, UUID tenantId, String recordType, boolean archived, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? LIST_NEWEST : LIST)
                .execute(Tuple.of(tenantId, recordType, archived).addUUID(page.after()).addInteger(page.limit()))
                .map(CustomFieldStore::all);
    }

    /** False when the version did not match. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, CustomFieldDefinition d, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, d.id(), d.label(), d.options().toArray(new String[0]),
                        d.required(), json(d.defaultValue()), d.position(), d.archived()).addInteger(version))
                .map(r -> r.rowCount() == 1);
    }

    /** Which of {@code ids} are users of the organization. */
    static Future<Set<UUID>> knownUsers(SqlConnection conn, UUID tenantId, Set<UUID> ids) {
        return conn.preparedQuery(KNOWN_USERS).execute(Tuple.of(tenantId).addArrayOfUUID(ids.toArray(new UUID[0]))).map(rows -> {
            Set<UUID> out = new java.util.HashSet<>();
            rows.forEach(row -> out.add(row.getUUID("id")));
            return out;
        });
    }

    private static String json(Object value) {
        return value == null ? null : Json.encode(value);
    }

    private static List<CustomFieldDefinition> all(RowSet<Row> rows) {
        List<CustomFieldDefinition> out = new ArrayList<>();
        rows.forEach(row -> out.add(CustomFieldDefinition.FROM_ROW.apply(row)));
        return out;
    }

    private static CustomFieldDefinition firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : CustomFieldDefinition.FROM_ROW.apply(rows.iterator().next());
    }
}
