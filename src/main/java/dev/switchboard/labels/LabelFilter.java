package dev.switchboard.labels;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import io.vertx.core.MultiMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code ?labelId=} filter of the contact, case and conversation lists: repeated, it keeps the records that carry
 * every one of the labels. Record lists add its SQL condition next to their own.
 */
public final class LabelFilter {

    /** More would make a query no person writes; the limit keeps the condition small. */
    static final int MAX_IDS = 20;

    private LabelFilter() {
    }

    /** The distinct {@code labelId} query values, or null when none was sent; 400 for one that is not a UUID. */
    public static UUID[] ids(MultiMap params) {
        List<String> values = params.getAll("labelId");
        if (values.isEmpty()) {
            return null;
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String value : values) {
            UUID id = Ids.parse(value.trim());
            if (id == null) {
                throw ApiException.invalid("labelId", "must be a label id (a UUID)");
            }
            ids.add(id);
        }
        if (ids.size() > MAX_IDS) {
            throw ApiException.invalid("labelId", "at most " + MAX_IDS + " labels");
        }
        return ids.toArray(new UUID[0]);
    }

    /**
     * The condition "the record aliased {@code alias} carries every label of parameter {@code $param} (a uuid array)", or
     * nothing when that parameter is null.
     */
    public static String allOf(LabeledType type, String alias, int param) {
        return "($" + param + "::uuid[] IS NULL OR (SELECT count(*) FROM " + type.table() + " lf WHERE lf.tenant_id = "
                + alias + ".tenant_id AND lf.record_id = " + alias + ".id AND lf.label_id = ANY($" + param + "::uuid[])) = cardinality($"
                + param + "::uuid[]))";
    }
}
