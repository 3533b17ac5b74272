package dev.switchboard.labels;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Labels and their links to records. Every statement binds the tenant. */
public final class LabelStore {

    static final String INSERT = "INSERT INTO labels (tenant_id, id, name, color, description) VALUES ($1, $2, $3, $4, $5)";
    static final String FIND = "SELECT " + Label.COLUMNS + " FROM labels l WHERE l.tenant_id = $1 AND l.id = $2";
    static final String FIND_MANY = "SELECT " + Label.COLUMNS + " FROM labels l WHERE l.tenant_id = $1 AND l.id = ANY($2) ORDER BY l.id";
    static final String LIST = "SELECT " + Label.COLUMNS + " FROM labels l WHERE l.tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR l.id > $2) AND ($3::text IS NULL OR lower(l.name) LIKE $3) ORDER BY l.id LIMIT $4";
    static final String UPDATE = """
            UPDATE labels SET name = $3, color = $4, description = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $6""";
    static final String DELETE = "DELETE FROM labels WHERE tenant_id = $1 AND id = $2";
    private static final Map<LabeledType, Statements> LINKS = new EnumMap<>(LabeledType.class);

    static {
        for (LabeledType type : LabeledType.values()) {
            LINKS.put(type, new Statements(type.table()));
        }
    }

    private LabelStore() {
    }

    /** The link statements of one record type. */
    private record Statements(String apply, String remove, String ofRecord) {

        Statements(String table) {
            this("INSERT INTO " + table + " (tenant_id, record_id, label_id) SELECT $1, r, $3 FROM unnest($2::uuid[]) r "
                            + "ON CONFLICT DO NOTHING RETURNING record_id",
                    "DELETE FROM " + table + " WHERE tenant_id = $1 AND record_id = ANY($2::uuid[]) AND label_id = $3 RETURNING record_id",
                    "SELECT " + Label.COLUMNS + " FROM " + table + " x JOIN labels l ON l.tenant_id = x.tenant_id AND l.id = x.label_id "
                            + "WHERE x.tenant_id = $1 AND x.record_id = $2 ORDER BY lower(l.name), l.id");
        }
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, String name, String color, String description) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, name, color, description)).mapEmpty();
    }

    static Future<Label> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> all(rows).stream().findFirst().orElse(null));
    }

    /** The labels of the organization among {@code ids}: fewer than asked when some do not exist in it. */
    public static Future<List<Label>> findMany(SqlConnection conn, UUID tenantId, UUID[] ids) {
        return conn.preparedQuery(FIND_MANY).execute(Tuple.tuple().addUUID(tenantId).addArrayOfUUID(ids)).map(LabelStore::all);
    }

    static Future<List<Label>> list(SqlConnection conn, UUID tenantId, String namePattern, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), namePattern, page.limit())).map(LabelStore::all);
    }

    /** False when the version did not match. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, Label after, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, after.id(), after.name(), after.color(), after.description(), version))
                .map(r -> r.rowCount() == 1);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** Applies the label to each of the records; answers the records that did not carry it yet. */
    public static Future<List<UUID>> apply(SqlConnection conn, UUID tenantId, LabeledType type, UUID[] recordIds, UUID labelId) {
        return conn.preparedQuery(LINKS.get(type).apply()).execute(Tuple.tuple().addUUID(tenantId).addArrayOfUUID(recordIds)
                .addUUID(labelId)).map(LabelStore::recordIds);
    }

    /** Removes the label from each of the records; answers the records that carried it. */
    public static Future<List<UUID>> remove(SqlConnection conn, UUID tenantId, LabeledType type, UUID[] recordIds, UUID labelId) {
        return conn.preparedQuery(LINKS.get(type).remove()).execute(Tuple.tuple().addUUID(tenantId).addArrayOfUUID(recordIds)
                .addUUID(labelId)).map(LabelStore::recordIds);
    }

    /** The labels on one record, by name. */
    static Future<List<Label>> ofRecord(SqlConnection conn, UUID tenantId, LabeledType type, UUID recordId) {
        return conn.preparedQuery(LINKS.get(type).ofRecord()).execute(Tuple.of(tenantId, recordId)).map(LabelStore::all);
    }

    private static List<UUID> recordIds(RowSet<Row> rows) {
        List<UUID> out = new ArrayList<>();
        rows.forEach(row -> out.add(row.getUUID("record_id")));
        return out;
    }

    private static List<Label> all(RowSet<Row> rows) {
        List<Label> out = new ArrayList<>();
        rows.forEach(row -> out.add(Label.FROM_ROW.apply(row)));
        return out;
    }
}
