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
    static final String FIND_SETTINGS = "SELECT " + OrganizationSettings.COLUMNS + " FROM organizations WHERE id = $1";
    static final String LOCK_SETTINGS = "SELECT " + OrganizationSettings.COLUMNS + " FROM organizations WHERE id = $1 FOR UPDATE";
    static final String UPDATE_SETTINGS = """
            UPDATE organizations SET name = $2, timezone = $3, settings = $4, version = version + 1, updated_at = now()
            WHERE id = $1 RETURNING""" + " " + OrganizationSettings.COLUMNS;

    private OrganizationStore() {
    }

    public static Future<Organization> insert(SqlConnection conn, UUID id, String name, String slug, String timezone) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(id, name, slug, timezone))
                .map(rows -> Organization.FROM_ROW.apply(rows.iterator().next()));
    }

    /** The organization with its settings; null when there is none. */
    public static Future<OrganizationSettings> settings(SqlConnection conn, UUID id) {
        return conn.preparedQuery(FIND_SETTINGS).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : OrganizationSettings.FROM_ROW.apply(rows.iterator().next()));
    }

    /** The same, locked until the transaction ends. */
    public static Future<OrganizationSettings> lockSettings(SqlConnection conn, UUID id) {
        return conn.preparedQuery(LOCK_SETTINGS).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : OrganizationSettings.FROM_ROW.apply(rows.iterator().next()));
    }

    /** Stores name, time zone and settings, and moves the version on. */
    public static Future<OrganizationSettings> updateSettings(SqlConnection conn, OrganizationSettings wanted) {
        return conn.preparedQuery(UPDATE_SETTINGS).execute(Tuple.of(wanted.id(), wanted.name(), wanted.timezone(), wanted.settingsJson()))
                .map(rows -> OrganizationSettings.FROM_ROW.apply(rows.iterator().next()));
    }

    public static Future<Organization> find(SqlConnection conn, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : Organization.FROM_ROW.apply(rows.iterator().next()));
    }
}
