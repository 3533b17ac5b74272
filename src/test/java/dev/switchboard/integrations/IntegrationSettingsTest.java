package dev.switchboard.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Integration settings: secrets are write-only (masked on read), encrypted at rest, audited without their values,
 * reachable only with webhooks.manage and never across organizations.
 */
class IntegrationSettingsTest {

    private static final String PATH = "/api/v1/integrations";
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
    void secretsAreMaskedOnReadEncryptedAtRestAndAuditedWithoutTheirValues() {
        Account admin = server.register("Integrations Secrets");
        JsonObject empty = server.http.get(PATH, admin.accessToken()).json();
        assertEquals(0, empty.getInteger("version"));
        assertNull(empty.getValue("resendApiKey"));

        String apiKey = "re_" + UUID.randomUUID().toString().replace("-", "");
        String token = "EAAB" + UUID.randomUUID().toString().replace("-", "");
        Response set = server.http.patch(PATH, new JsonObject().put("resendApiKey", apiKey).put("metaPageAccessToken", token).put("version", 0),
                admin.accessToken());
        assertEquals(200, set.status(), set::toString);
        assertEquals("••••" + apiKey.substring(apiKey.length() - 4), set.json().getString("resendApiKey"));
        assertEquals(1, set.json().getInteger("version"));
        Response read = server.http.get(PATH, admin.accessToken());
        assertFalse(read.body().toString().contains(apiKey.substring(4, 20)));
        assertEquals("\"1\"", read.header("ETag").replace("W/", ""));

        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM integration_settings WHERE tenant_id = ?::uuid "
                + "AND resend_api_key LIKE 'v1:%' AND meta_page_access_token LIKE 'v1:%' AND resend_api_key NOT LIKE ? "
                + "AND meta_page_access_token NOT LIKE ?", admin.tenantId(), "%" + apiKey + "%", "%" + token + "%"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid "
                + "AND action = 'integrations.updated' AND after->'configured' @> '[\"resendApiKey\"]' AND before->'configured' = '[]'",
                admin.tenantId()));
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid "
                + "AND (after::text LIKE ? OR after::text LIKE ?)", admin.tenantId(), "%" + apiKey + "%", "%" + token + "%"));
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid "
                + "AND (payload::text LIKE ? OR payload::text LIKE ?)", admin.tenantId(), "%" + apiKey + "%", "%" + token + "%"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid "
                + "AND type = 'integrations.updated' AND payload->'changed' @> '[\"resendApiKey\", \"metaPageAccessToken\"]'", admin.tenantId()));

        Response cleared = server.http.patch(PATH, new JsonObject().putNull("resendApiKey").put("version", 1), admin.accessToken());
        assertEquals(200, cleared.status(), cleared::toString);
        assertNull(cleared.json().getValue("resendApiKey"));
        assertTrue(cleared.json().getString("metaPageAccessToken").startsWith("••••"), "other secrets keep their value");
    }

    @Test
    void aStaleVersionIsRefusedAndLeavesNoAuditEntryOrEvent() {
        Account admin = server.register("Integrations Stale");
        assertEquals(200, server.http.patch(PATH, new JsonObject().put("resendApiKey", "re_first_key_value").put("version", 0),
                admin.accessToken()).status());
        assertEquals(409, server.http.patch(PATH, new JsonObject().put("resendApiKey", "re_second_key_value").put("version", 0),
                admin.accessToken()).status());
        Response ifMatch = server.http.send(HttpMethod.PATCH, PATH, admin.accessToken(),
                new JsonObject().put("resendApiKey", "re_second_key_value").toBuffer(), Map.of("If-Match", "\"7\""));
        assertEquals(412, ifMatch.status());
        assertEquals(400, server.http.patch(PATH, new JsonObject().put("resendApiKey", 42).put("version", 1), admin.accessToken()).status());
        assertEquals(400, server.http.patch(PATH, new JsonObject().put("resendApiKey", "re_x").put("version", "1"), admin.accessToken()).status());
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action = 'integrations.updated'",
                admin.tenantId()));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'integrations.updated'",
                admin.tenantId()));
        assertEquals(1, server.http.get(PATH, admin.accessToken()).json().getInteger("version"));
    }

    @Test
    void onlyWebhooksManageReachesTheSettingsAndEachOrganizationSeesOnlyItsOwn() {
        Account admin = server.register("Integrations Roles");
        Account other = server.register("Integrations Other");
        Account customer = server.invite(admin, "customer");
        server.linkCustomer(admin, customer);
        assertEquals(200, server.http.patch(PATH, new JsonObject().put("resendApiKey", "re_roles_key_value").put("version", 0),
                admin.accessToken()).status());
        Map<String, Account> roles = new LinkedHashMap<>();
        roles.put("manager", server.invite(admin, "manager"));
        roles.put("agent", server.invite(admin, "agent"));
        roles.put("viewer", server.invite(admin, "viewer"));
        roles.put("customer", customer);
        roles.forEach((role, account) -> {
            assertEquals(403, server.http.get(PATH, account.accessToken()).status(), role + " reads");
            assertEquals(403, server.http.patch(PATH, new JsonObject().put("resendApiKey", "re_taken_over").put("version", 1),
                    account.accessToken()).status(), role + " writes");
        });
        JsonObject theirs = server.http.get(PATH, other.accessToken()).json();
        assertEquals(0, theirs.getInteger("version"));
        assertNull(theirs.getValue("resendApiKey"));
        assertEquals(200, server.http.patch(PATH, new JsonObject().put("resendApiKey", "re_other_key_value").put("version", 0),
                other.accessToken()).status());
        assertEquals("••••" + "alue", server.http.get(PATH, admin.accessToken()).json().getString("resendApiKey"));
        assertEquals(1, server.http.get(PATH, admin.accessToken()).json().getInteger("version"));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM integration_settings WHERE tenant_id = ?::uuid", admin.tenantId()));
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action = 'integrations.updated'",
                admin.tenantId()));
    }
}
