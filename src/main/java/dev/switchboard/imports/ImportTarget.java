package dev.switchboard.imports;

import dev.switchboard.platform.error.FieldError;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One record type's CSV import: how a row becomes a record, checked exactly as the create route checks its body, and
 * how it is written, exactly as the create route writes it (audit entry and event in the caller's transaction).
 *
 * @param <T> a row checked and normalised, ready to write
 */
public interface ImportTarget<T> {

    /** The path segment of the record type ({@code contacts}). */
    String segment();

    /**
     * One row as the create route's body would be (header names as fields, blank cells left out, unknown columns in
     * {@code customFields}), checked and normalised; throws the create route's 400 naming every invalid field.
     */
    T prepare(Principal p, JsonObject row);

    /**
     * The key duplicates are recognised by (contacts: the email, lower-cased), or null when the record has none; a
     * record type without a natural key always answers null, and then nothing counts as a duplicate.
     */
    String dedupeKey(T record);

    /** Of {@code keys}, those an existing record of the caller's organization already has. */
    default Future<Set<String>> existingKeys(SqlConnection conn, Principal p, Set<String> keys) {
        return Future.succeededFuture(Set.of());
    }

    /**
     * One batch's records with their references (owners, teams, contacts, ... given by id, email or name) looked up in
     * the caller's organization, a query per kind of reference for the whole batch: the records ready to write, in the
     * same order, and the field errors of those whose references name nothing there, by index in the list.
     */
    Future<Resolved<T>> resolve(SqlConnection conn, Principal p, List<T> records);

    /** What {@link #resolve} found: the records to write, and the errors of the rows that cannot be, by index. */
    record Resolved<T>(List<T> records, Map<Integer, List<FieldError>> errors) {
    }

    /** Creates the record, as the create route does. */
    Future<Void> create(SqlConnection conn, Principal p, T record);

    /**
     * Changes the existing record that has {@code record}'s key to the row's values, as the update route does. Never
     * called for a record type whose {@link #dedupeKey} is always null.
     */
    default Future<Void> update(SqlConnection conn, Principal p, T record) {
        return Future.failedFuture(new IllegalStateException("records without a key are never updated by an import"));
    }
}
