package dev.switchboard.bulk;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The parts every bulk request shares: the ids of the records (1 to {@value #MAX_ITEMS}, no repeats), the managed
 * labels to add and remove, and whether to archive them. Each record type reads its own fields beside these.
 */
public record BulkRequest(List<UUID> ids, List<UUID> addLabelIds, List<UUID> removeLabelIds, boolean archive) {

    public static final int MAX_ITEMS = 1000;
    static final int MAX_LABELS = 20;

    /** Reads the shared fields; every error is collected in {@code v}. */
    public static BulkRequest parse(JsonObject body, Validator v) {
        List<UUID> ids = ids(body.getValue("ids"), v);
        List<UUID> add = labels(body, "addLabelIds", v);
        List<UUID> remove = labels(body, "removeLabelIds", v);
        if (add.stream().anyMatch(remove::contains)) {
            v.fail("removeLabelIds", "must not name a label that addLabelIds adds");
        }
        Object archive = body.getValue("archive");
        if (archive != null && !Boolean.TRUE.equals(archive)) {
            v.fail("archive", "must be true when present");
        }
        return new BulkRequest(ids, add, remove, Boolean.TRUE.equals(archive));
    }

    /** True when the request changes labels. */
    public boolean relabels() {
        return !addLabelIds.isEmpty() || !removeLabelIds.isEmpty();
    }

    public UUID[] idArray() {
        return ids.toArray(new UUID[0]);
    }

    /** An optional id field, null when absent or null; anything but a UUID is an error in {@code v}. */
    public static UUID optionalId(JsonObject body, String field, Validator v) {
        Object value = body.getValue(field);
        UUID id = value instanceof String s ? Ids.parse(s) : null;
        if (value != null && id == null) {
            v.fail(field, "must be a UUID or null");
        }
        return id;
    }

    private static List<UUID> ids(Object value, Validator v) {
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            v.fail("ids", "must be a non-empty array of record ids");
            return List.of();
        }
        if (array.size() > MAX_ITEMS) {
            v.fail("ids", "at most " + MAX_ITEMS + " records in one request");
            return List.of();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            UUID id = array.getValue(i) instanceof String s ? Ids.parse(s) : null;
            if (id == null) {
                v.fail("ids[" + i + "]", "must be a record id (a UUID)");
            } else if (!ids.add(id)) {
                v.fail("ids[" + i + "]", "repeats an earlier id");
            }
        }
        return new ArrayList<>(ids);
    }

    private static List<UUID> labels(JsonObject body, String field, Validator v) {
        Object value = body.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_LABELS) {
            v.fail(field, "must be an array of at most " + MAX_LABELS + " label ids");
            return List.of();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (Object item : array) {
            UUID id = item instanceof String s ? Ids.parse(s) : null;
            if (id == null) {
                v.fail(field, "must hold label ids (UUIDs)");
                return List.of();
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }
}
