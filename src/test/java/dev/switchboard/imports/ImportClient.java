package dev.switchboard.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A client of {@code /api/v1/imports} for tests: uploads a file of one record type, waits for its job, reads its errors. */
final class ImportClient {

    private final TestServer server;
    private final String type;

    ImportClient(TestServer server, String type) {
        this.server = server;
        this.type = type;
    }

    Response upload(Account who, String csv, String query) {
        return upload(who, Buffer.buffer(csv), query);
    }

    Response upload(Account who, Buffer file, String query) {
        return server.http.send(HttpMethod.POST, "/api/v1/imports/" + type + (query.isEmpty() ? "" : "?" + query), who.accessToken(),
                file, Map.of("Content-Type", "text/csv"));
    }

    /** Uploads the file and waits until its import has finished; the import as {@code GET /api/v1/imports/{id}} shows it. */
    JsonObject importAndWait(Account who, String csv, String query) {
        return importAndWait(who, Buffer.buffer(csv), query);
    }

    /** The same for a file of any bytes. */
    JsonObject importAndWait(Account who, Buffer file, String query) {
        Response started = upload(who, file, query);
        assertEquals(202, started.status(), started::toString);
        String id = started.json().getString("id");
        assertEquals("/api/v1/imports/" + id, started.header("Location"));
        return waitFor(who, id);
    }

    JsonObject waitFor(Account who, String id) {
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline) {
            JsonObject job = server.http.get("/api/v1/imports/" + id, who.accessToken()).json();
            if (!job.getString("status").equals("queued") && !job.getString("status").equals("running")) {
                assertEquals("succeeded", job.getString("status"), job::encode);
                assertEquals("done", job.getJsonObject("progress").getString("phase"), job::encode);
                return job;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("import " + id + " did not finish");
    }

    /** Every rejected row of the import, with the columns named in its errors (joined by {@code ,} in file order). */
    Map<Integer, String> errors(Account who, String importId) {
        Map<Integer, String> rows = new TreeMap<>();
        String cursor = null;
        do {
            Response page = server.http.get("/api/v1/imports/" + importId + "/errors?limit=100" + (cursor == null ? "" : "&cursor=" + cursor),
                    who.accessToken());
            assertEquals(200, page.status(), page::toString);
            page.items().forEach(item -> {
                JsonObject error = (JsonObject) item;
                rows.merge(error.getInteger("row"), error.getString("field"), (a, b) -> a + "," + b);
            });
            cursor = page.json().getString("nextCursor");
        } while (cursor != null);
        return rows;
    }

    /** The numbers of the import's rejected rows. */
    Set<Integer> errorRows(Account who, String importId) {
        return errors(who, importId).keySet();
    }
}
