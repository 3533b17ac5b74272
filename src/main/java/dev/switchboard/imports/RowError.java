package dev.switchboard.imports;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One problem of one row of an imported file: the row's number in the file (the header is row 1), the column, and
 * what is wrong. The id orders errors by row, and is the same whenever the same file is checked again.
 */
record RowError(UUID id, int row, String field, String message) {

    /** The {@code index}-th error of row {@code row}. */
    static RowError of(int row, int index, String field, String message) {
        return new RowError(new UUID(row, index), row, field, message);
    }

    JsonObject toJson() {
        return new JsonObject().put("row", row).put("field", field).put("message", message);
    }
}
