package dev.switchboard.tenancy;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;

/**
 * How one feature answers "may this caller read record X?" for its record types, so other features
 * (notes on any record, timelines, notifications) can check without reaching into its store.
 */
public interface RecordAccess {

    /** The record types served, such as {@code "case"}. */
    Set<String> types();

    /**
     * True when {@code p} may read the record; false when it does not exist, belongs to another tenant
     * or is not visible to {@code p} (callers answer all three with 404).
     */
    Future<Boolean> canRead(Principal p, String type, UUID id);

    /**
     * Like {@link #canRead(Principal, String, UUID)}, on {@code conn} inside the caller's transaction (its tenant
     * bound), so a write checks its links without a second pooled connection.
     */
    default Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        return canRead(p, type, id);
    }
}
