package dev.switchboard.imports;

import io.vertx.core.json.JsonObject;

/**
 * What an import has done so far, as its job reports it: rows read, imported (created), updated, skipped (duplicates),
 * failed, the phase, and the last row whose batch committed. Stored with each batch, so a resumed run starts from it.
 */
final class ImportProgress {

    static final String CHECKING = "checking";
    static final String WRITING = "writing";
    static final String DONE = "done";

    private final String mode;
    private final String onDuplicate;
    private String phase = CHECKING;
    private int rowsRead;
    private int imported;
    private int updated;
    private int skipped;
    private int invalid;
    private int failedOnWrite;
    private int checkpointRow;
    private String error;

    private ImportProgress(String mode, String onDuplicate) {
        this.mode = mode;
        this.onDuplicate = onDuplicate;
    }

    /** A new import's progress. */
    static ImportProgress start(ImportRequest request) {
        return new ImportProgress(request.allOrNothing() ? ImportRequest.ALL_OR_NOTHING : ImportRequest.SKIP_INVALID,
                request.updateDuplicates() ? ImportRequest.UPDATE : ImportRequest.SKIP);
    }

    /** The progress a job stored, or a new one when it stored none. */
    static ImportProgress resume(ImportRequest request, JsonObject stored) {
        ImportProgress p = start(request);
        if (stored != null) {
            p.phase = stored.getString("phase", CHECKING);
            p.imported = stored.getInteger("imported", 0);
            p.updated = stored.getInteger("updated", 0);
            p.skipped = stored.getInteger("skipped", 0);
            p.failedOnWrite = stored.getInteger("failedOnWrite", 0);
            p.checkpointRow = stored.getInteger("checkpointRow", 0);
            p.error = stored.getString("error");
        }
        return p;
    }

    boolean done() {
        return DONE.equals(phase);
    }

    void checked(int rows, int invalidRows) {
        rowsRead = rows;
        invalid = invalidRows;
        phase = WRITING;
    }

    void rejected(String message) {
        error = message;
    }

    void imported() {
        imported++;
    }

    void updated() {
        updated++;
    }

    void skipped() {
        skipped++;
    }

    void failedOnWrite() {
        failedOnWrite++;
    }

    /** Rows whose checks or writes failed. */
    int failed() {
        return invalid + failedOnWrite;
    }

    int checkpointRow() {
        return checkpointRow;
    }

    void reached(int row) {
        checkpointRow = row;
    }

    /** An all-or-nothing import rolled back: nothing of it was written. */
    void rolledBack() {
        imported = 0;
        updated = 0;
        skipped = 0;
    }

    void finish() {
        phase = DONE;
    }

    JsonObject toJson() {
        return new JsonObject().put("phase", phase).put("mode", mode).put("onDuplicate", onDuplicate).put("rowsRead", rowsRead)
                .put("imported", imported).put("updated", updated).put("skipped", skipped).put("failed", failed())
                .put("failedOnWrite", failedOnWrite).put("checkpointRow", checkpointRow).put("error", error);
    }
}
