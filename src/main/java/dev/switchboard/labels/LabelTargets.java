package dev.switchboard.labels;

import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * How a labelled record type says whether a caller may change one of its records, by the record's own rules:
 * 404 when the caller cannot see it (or it does not exist), 403 when they see it but may not change it.
 */
@FunctionalInterface
public interface LabelTargets {

    Future<Void> requireWritable(SqlConnection conn, Principal p, LabeledType type, UUID id);
}
