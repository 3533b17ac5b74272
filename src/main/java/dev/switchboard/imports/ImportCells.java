package dev.switchboard.imports;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** How the import targets read cells the same way: JSON cells, and the columns that become custom fields. */
public final class ImportCells {

    private ImportCells() {
    }

    /** A JSON object cell as the object; anything else as the text, which the create route's check then refuses. */
    public static Object json(String cell) {
        try {
            return new JsonObject(cell);
        } catch (DecodeException | ClassCastException e) {
            return cell;
        }
    }

    /**
     * Adds {@code custom} (the row's columns that name no field of the record) to the body's {@code customFields}, a
     * JSON cell's values giving way to the columns'; a {@code customFields} cell that is not an object stays as it is,
     * for the create route's check to refuse.
     */
    public static void addCustomFields(JsonObject body, JsonObject custom) {
        if (custom.isEmpty()) {
            return;
        }
        Object given = body.getValue("customFields");
        body.put("customFields", given instanceof JsonObject o ? o.copy().mergeIn(custom) : given == null ? custom : given);
    }
}
