package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A large export, on its own database so its backlog of entries to chain delays no other test. */
class AuditExportTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void exportsAHundredThousandEntriesAsAStream() throws Exception {
        Account admin = server.register("Big Export Co");
        superuser("INSERT INTO audit_log (tenant_id, id, actor_type, action, entity_type, after) "
                + "SELECT ?::uuid, gen_random_uuid(), 'system', 'bulk.imported', 'contact', jsonb_build_object('n', n) "
                + "FROM generate_series(1, 100000) AS n", admin.tenantId());
        long expected = auditRows(admin.tenantId());

        Response ndjson = server.http.get("/api/v1/audit-log/export", admin.accessToken());
        assertEquals(200, ndjson.status());
        assertEquals("chunked", ndjson.header("Transfer-Encoding"), "streamed, not buffered");
        assertNull(ndjson.header("Content-Length"));
        String[] lines = ndjson.body().toString().split("\n");
        assertEquals(expected, lines.length);
        assertEquals("bulk.imported", new JsonObject(lines[lines.length - 1]).getString("action"));

        Response csv = server.http.get("/api/v1/audit-log/export?format=csv&action=bulk.imported", admin.accessToken());
        String[] rows = csv.body().toString().split("\r\n");
        assertEquals("id,at,actorType,actorId,action,entityType,entityId,before,after,ip,userAgent,requestId", rows[0]);
        assertEquals(100_001, rows.length);
        assertTrue(rows[1].contains("\"{\"\"n\"\":"), "JSON columns quoted as CSV: " + rows[1]);
    }

    @Test
    void exportsCellsThatLookLikeFormulasAsText() {
        Account admin = server.register("Formula Florist");
        for (String agent : java.util.List.of("=HYPERLINK(\"https://evil.example/x\";\"open\")", "+1+2", "-3+4", "@SUM(A1)")) {
            Response created = server.http.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/contacts", admin.accessToken(),
                    new JsonObject().put("firstName", "Una").put("email", "una-" + java.util.UUID.randomUUID() + "@example.test").toBuffer(),
                    java.util.Map.of("User-Agent", agent));
            assertEquals(201, created.status(), created::toString);
        }
        Response csv = server.http.get("/api/v1/audit-log/export?format=csv&action=contact.created", admin.accessToken());
        assertEquals(200, csv.status());
        java.util.List<String> agents = new java.util.ArrayList<>();
        for (String row : csv.body().toString().split("\r\n")) {
            if (row.contains("HYPERLINK") || row.contains("1+2") || row.contains("3+4") || row.contains("SUM(")) {
                agents.add(row);
            }
        }
        assertEquals(4, agents.size(), () -> "one row per request: " + agents);
        for (String row : agents) {
            assertTrue(row.contains(",'=HYPERLINK") || row.contains(",\"'=HYPERLINK") || row.contains(",'+1+2,")
                    || row.contains(",'-3+4,") || row.contains(",'@SUM(A1),"), () -> "the user agent cell opens as text: " + row);
        }
    }

    private static long auditRows(String tenantId) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid", tenantId);
    }

    private static void superuser(String sql, String param) {
        assertTrue(TestDatabase.update(server.db, sql, param) >= 1, sql);
    }
}
