package dev.switchboard.tenancy;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Organizations: the tenant rows themselves, keyed by {@code id} (their tenant id). */
public final class OrganizationStore {

    static final String INSERT = """
            INSERT INTO organizations (id, name, slug, timezone) VALUES ($1, $2, $3, $4)
            RETURNING id, name, slug, timezone, active, created_at""";
    static final String FIND = "SELECT id, name, slug, timezone, active, created_at FROM organizations WHERE id = $1";

    private OrganizationStore() {
    }

    public static Future<Organization> insert(SqlConnection conn, UUID id, String name, String slug, String timezone) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(id, name, slug, timezone))
                .map(rows -> Organization.FROM_ROW.apply(rows.iterator().next()));
    }

    public static Future<Organization> find(SqlConnection conn, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : Organization.FROM_ROW.apply(rows.iterator().next()));
    }
}
