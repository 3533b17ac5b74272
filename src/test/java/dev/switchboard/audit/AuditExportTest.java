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


    private static long auditRows(String tenantId) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid", tenantId);
    }

    private static void superuser(String sql, String param) {
        assertTrue(TestDatabase.update(server.db, sql, param) >= 1, sql);
    }
}
