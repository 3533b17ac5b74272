package dev.switchboard.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;

/**
 * Walks one tenant's chain in order and names each break: a row whose content no longer matches its
 * hash (altered), a position with no row (deleted), or a row that does not link to the one before it.
 */
final class ChainVerification {

    private static final int MAX_PROBLEMS = 100;

    private final JsonArray problems = new JsonArray();
    private long expected = 1;
    private byte[] previous = AuditRecord.GENESIS;
    private long checked;

    void accept(Row row) {
        long position = row.getLong("chain_seq");
        AuditRecord record = AuditRecord.FROM_ROW.apply(row);
        byte[] prevHash = row.getBuffer("prev_hash").getBytes();
        byte[] hash = row.getBuffer("hash").getBytes();
        boolean gap = position > expected;
        for (long missing = expected; missing < position; missing++) {
            problem("missing", missing, null, "the entry at this position was deleted");
        }
        if (!gap && !Arrays.equals(prevHash, previous)) {
            problem("unlinked", position, record, "does not link to the entry before it");
        }
        if (!Arrays.equals(record.chainHash(prevHash), hash)) {
            problem("altered", position, record, "its content no longer matches its hash");
        }
        previous = hash;
        expected = position + 1;
        checked++;
    }

    /** Positions after the last row up to the chain head were deleted. */
    void finish(long head) {
        for (long missing = expected; missing <= head; missing++) {
            problem("missing", missing, null, "the entry at this position was deleted");
        }
    }

    JsonObject result(long unchained) {
        return new JsonObject()
                .put("valid", problems.isEmpty())
                .put("checked", checked)
                .put("pending", unchained)
                .put("problems", problems);
    }

    private void problem(String kind, long position, AuditRecord record, String detail) {
        if (problems.size() >= MAX_PROBLEMS) {
            return;
        }
        problems.add(new JsonObject()
                .put("kind", kind)
                .put("position", position)
                .put("id", record == null ? null : record.id().toString())
                .put("detail", detail));
    }
}
