package dev.switchboard.cases;

import dev.switchboard.labels.LabelFilter;
import dev.switchboard.labels.LabeledType;
import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldSort;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The case list statement for one combination of filters, cursor and visibility, holding only the
 * conditions in use. One catch-all statement ({@code $n IS NULL OR ...} for every filter) gets either a
 * generic plan that reads the whole organization before sorting, or a fresh plan on every execution;
 * each narrow statement here is prepared once per connection and keeps a plan that walks the index in id
 * order (or against it, newest first). Callers that may read every case skip the visibility predicate, which is then
 * always true. A custom field order ({@link CustomFieldSort}) rewrites the chosen statement's order and cursor.
 */
final class CaseListQuery {

    private static final String SELECT = "SELECT " + Case.COLUMNS + " FROM cases c WHERE c.tenant_id = $1";
    private static final ConcurrentMap<Integer, String> STATEMENTS = new ConcurrentHashMap<>();
    /** The shape bit of a newest-first list, above the bits of the optional conditions. */
    private static final int NEWEST_FIRST = 1 << 12;
    /** The shape bit of a list filtered by custom fields. */
    private static final int CUSTOM_FIELDS = 1 << 11;

    private final String sql;
    private final Tuple tuple;

    private CaseListQuery(String sql, Tuple tuple) {
        this.sql = sql;
        this.tuple = tuple;
    }

    String sql() {
        return sql;
    }

    Tuple tuple() {
        return tuple;
    }

    static CaseListQuery of(Principal p, CaseFilter f, CustomFieldFilter custom, Pages page) {
        boolean everything = !p.isCustomer() && p.can(Permission.CASES_READ_ALL);
        Object[] values = {page.after(), f.stage(), f.ownerUserId(), f.ownerQueueId(), f.priority(), f.contactId(), f.titlePattern(),
                f.labelIds()};
        int shape = (everything ? 1 : 0) | (f.archived() ? 2 : 0) | (page.newestFirst() ? NEWEST_FIRST : 0);
        Tuple tuple = Tuple.of(p.tenantId());
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                shape |= 4 << i;
                tuple.addValue(values[i]);
            }
        }
        if (custom.filters()) {
            shape |= CUSTOM_FIELDS;
            custom.bind(tuple);
        }
        if (!everything) {
            CaseVisibility.bind(tuple, p);
        }
        tuple.addInteger(page.limit());
        CustomFieldSort.Statement statement = custom.sort().statement(STATEMENTS.computeIfAbsent(shape, CaseListQuery::build), "c.id",
                "c.custom_fields", tuple);
        return new CaseListQuery(statement.sql(), statement.tuple());
    }

    private static String build(int shape) {
        String[] conditions = {"c.id > $", "c.stage = $", "c.owner_user_id = $", "c.owner_queue_id = $", "c.priority = $",
                "c.contact_id = $", "c.title ILIKE $", null};
        StringBuilder sql = new StringBuilder(SELECT);
        int param = 2;
        for (int i = 0; i < conditions.length; i++) {
            if ((shape & (4 << i)) != 0) {
                sql.append(" AND ").append(conditions[i] == null ? LabelFilter.allOf(LabeledType.CASE, "c", param) : conditions[i] + param);
                param++;
            }
        }
        sql.append((shape & 2) != 0 ? " AND c.archived_at IS NOT NULL" : " AND c.archived_at IS NULL");
        if ((shape & CUSTOM_FIELDS) != 0) {
            sql.append(" AND ").append(CustomFieldFilter.predicate("c.custom_fields", param));
            param += 2;
        }
        if ((shape & 1) == 0) {
            sql.append(" AND ").append(CaseVisibility.predicate(param));
            param += CaseVisibility.PARAMS;
        }
        String oldestFirst = sql.append(" ORDER BY c.id LIMIT $").append(param).toString();
        return (shape & NEWEST_FIRST) != 0 ? Pages.reversed(oldestFirst, "c.id") : oldestFirst;
    }
}
