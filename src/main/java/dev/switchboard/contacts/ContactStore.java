package dev.switchboard.contacts;

import dev.switchboard.labels.LabelFilter;
import dev.switchboard.labels.LabeledType;
import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldSort;
import dev.switchboard.platform.db.Rows;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Contacts. Every statement binds the tenant; reads also bind the caller's {@link ContactScope}. */
final class ContactStore {

    static final String INSERT = """
            INSERT INTO contacts (tenant_id, id, first_name, last_name, full_name, email, phone, company, region, tags,
                                  owner_user_id, team_id, custom_fields)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""";
    static final String FIND = "SELECT " + Contact.COLUMNS + " FROM contacts c WHERE c.tenant_id = $1 AND c.id = $2 AND "
            + ContactScope.predicate(3);
    static final String FIND_ANY = "SELECT " + Contact.COLUMNS + " FROM contacts c WHERE c.tenant_id = $1 AND c.id = $2";
    private static final String LIST_WHERE = "SELECT " + Contact.COLUMNS + " FROM contacts c WHERE c.tenant_id = $1 AND "
            + ContactScope.predicate(2) + """
             AND ($7::uuid IS NULL OR c.id > $7)
              AND (c.archived_at IS NOT NULL) = $8
              AND ($9::text IS NULL OR lower_tags(c.tags) @> ARRAY[lower($9::text)])
              AND ($10::uuid IS NULL OR c.owner_user_id = $10)
              AND """ + CustomFieldFilter.predicate("c.custom_fields", 12)
            + " AND " + LabelFilter.allOf(LabeledType.CONTACT, "c", 14);
    static final String LIST = LIST_WHERE + " ORDER BY c.id LIMIT $11";
    /** A separate statement, so the planner sees the LIKE and can use the trigram index. */
    static final String SEARCH = LIST_WHERE + " AND (c.search_text LIKE $15 OR c.phone LIKE $16) ORDER BY c.id LIMIT $11";
    static final String LIST_NEWEST = Pages.reversed(LIST, "c.id");
    static final String SEARCH_NEWEST = Pages.reversed(SEARCH, "c.id");
    static final String UPDATE = """
            UPDATE contacts SET first_name = $3, last_name = $4, full_name = $5, email = $6, phone = $7, company = $8,
                   region = $9, tags = $10, owner_user_id = $11, team_id = $12, custom_fields = $13,
                   version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $14""";
    static final String SET_ARCHIVED = """
            UPDATE contacts SET archived_at = CASE WHEN $3 THEN now() END, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $4""";

    /** System matching (webhook leads, received email): the active contact with the email ($2) or else the phone ($3). */
    static final String FIND_MATCH = "SELECT " + Contact.COLUMNS + """
             FROM contacts c
            WHERE c.tenant_id = $1 AND c.archived_at IS NULL
              AND ((c.email = $2::text) OR ($3::text IS NOT NULL AND c.phone = $3::text))
            ORDER BY (c.email IS NOT DISTINCT FROM $2::text) DESC, c.id LIMIT 1""";

    /** Of the emails in $2 (lower case), those of active contacts. */
    static final String ACTIVE_EMAILS = """
            SELECT c.email FROM contacts c WHERE c.tenant_id = $1 AND c.archived_at IS NULL AND c.email = ANY($2::text[])""";
    /** Of the emails in $2 (lower case), those of active contacts the caller sees ({@link ContactScope} from $3), with their ids. */
    static final String READABLE_BY_EMAIL = """
            SELECT c.email, c.id FROM contacts c WHERE c.tenant_id = $1 AND c.archived_at IS NULL AND c.email = ANY($2::text[]) AND\s"""
            + ContactScope.predicate(3);
    /** Of the user ids in $2 and the team ids in $3, those of the organization's users and teams. */
    static final String KNOWN_REFERENCES = """
            SELECT u.id FROM users u WHERE u.tenant_id = $1 AND u.id = ANY($2::uuid[])
            UNION ALL
            SELECT t.id FROM teams t WHERE t.tenant_id = $1 AND t.id = ANY($3::uuid[])""";

    private ContactStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, ContactValues v) {
        return conn.preparedQuery(INSERT).execute(values(Tuple.of(tenantId, id), v)).mapEmpty();
    }

    /** The contact if it exists and {@code scope} sees it, else null. */
    static Future<Contact> find(SqlConnection conn, UUID tenantId, UUID id, ContactScope scope) {
        return conn.preparedQuery(FIND).execute(scope.bind(Tuple.of(tenantId, id))).map(ContactStore::firstOrNull);
    }

    /** The contact regardless of who may see it: for answering a write just made. */
    static Future<Contact> findAny(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND_ANY).execute(Tuple.of(tenantId, id)).map(ContactStore::firstOrNull);
    }

    static Future<List<Contact>> list(SqlConnection conn, UUID tenantId, ContactScope scope, ContactFilter filter,
                                      CustomFieldFilter custom, Pages page) {
        Tuple tuple = custom.bind(scope.bind(Tuple.of(tenantId)).addUUID(page.after()).addBoolean(filter.archived())
                .addString(filter.tag()).addUUID(filter.ownerUserId()).addInteger(page.limit())).addArrayOfUUID(filter.labelIds());
        String sql = page.newestFirst() ? LIST_NEWEST : LIST;
        if (filter.q() != null) {
            sql = page.newestFirst() ? SEARCH_NEWEST : SEARCH;
            tuple.addString(filter.textPattern()).addString(filter.phonePattern());
        }
        CustomFieldSort.Statement statement = custom.sort().statement(sql, "c.id", "c.custom_fields", tuple);
        return conn.preparedQuery(statement.sql()).execute(statement.tuple()).map(rows -> {
            List<Contact> out = new ArrayList<>();
            rows.forEach(row -> out.add(Contact.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** The active contact with {@code email}, else with {@code phone} (both normalised; either may be null), or null. */
    static Future<Contact> findMatch(SqlConnection conn, UUID tenantId, String email, String phone) {
        return conn.preparedQuery(FIND_MATCH).execute(Tuple.of(tenantId, email, phone)).map(ContactStore::firstOrNull);
    }

    static Future<Set<String>> activeEmails(SqlConnection conn, UUID tenantId, Set<String> emails) {
        return conn.preparedQuery(ACTIVE_EMAILS).execute(Tuple.tuple().addUUID(tenantId).addArrayOfString(emails.toArray(new String[0])))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString(0)));
                    return found;
                });
    }

    static Future<Map<String, UUID>> readableByEmail(SqlConnection conn, UUID tenantId, ContactScope scope, Set<String> emails) {
        return conn.preparedQuery(READABLE_BY_EMAIL).execute(scope.bind(Tuple.tuple().addUUID(tenantId)
                .addArrayOfString(emails.toArray(new String[0])))).map(Rows::idsByKey);
    }

    /** Of {@code userIds} and {@code teamIds}, the ids of the organization's users and teams. */
    static Future<Set<UUID>> knownReferences(SqlConnection conn, UUID tenantId, Set<UUID> userIds, Set<UUID> teamIds) {
        return conn.preparedQuery(KNOWN_REFERENCES).execute(Tuple.tuple().addUUID(tenantId)
                        .addArrayOfUUID(userIds.toArray(new UUID[0])).addArrayOfUUID(teamIds.toArray(new UUID[0])))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getUUID(0)));
                    return found;
                });
    }

    /** False when the version did not match. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, ContactValues v, int version) {
        return conn.preparedQuery(UPDATE).execute(values(Tuple.of(tenantId, id), v).addInteger(version))
                .map(r -> r.rowCount() == 1);
    }

    /** Archives ({@code archived}) or restores; false when the version did not match. */
    static Future<Boolean> setArchived(SqlConnection conn, UUID tenantId, UUID id, boolean archived, int version) {
        return conn.preparedQuery(SET_ARCHIVED).execute(Tuple.of(tenantId, id, archived, version)).map(r -> r.rowCount() == 1);
    }

    private static Tuple values(Tuple tuple, ContactValues v) {
        return tuple.addString(v.firstName()).addString(v.lastName()).addString(v.fullName()).addString(v.email())
                .addString(v.phone()).addString(v.company()).addString(v.region()).addArrayOfString(v.tags().toArray(new String[0]))
                .addUUID(v.ownerUserId()).addUUID(v.teamId()).addValue(v.customFields());
    }

    private static Contact firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Contact.FROM_ROW.apply(rows.iterator().next());
    }
}
