package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only holders of {@code webhooks.manage} (admins by default) reach the webhook ingestion settings and the
 * inbox; every other role, customers included, is refused with 403 on every route, reading or writing.
 */
class WebhookAdminRolesTest {

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
    void eachRoleGetsExactlyWhatWebhooksManageAllows() {
        Account admin = server.register("Webhook Roles");
        Account customer = server.invite(admin, "customer");
        server.linkCustomer(admin, customer);
        Map<String, Account> roles = new LinkedHashMap<>();
        roles.put("manager", server.invite(admin, "manager"));
        roles.put("agent", server.invite(admin, "agent"));
        roles.put("viewer", server.invite(admin, "viewer"));
        roles.put("customer", customer);

        JsonObject hook = server.http.post("/api/v1/inbound-webhooks", new JsonObject().put("name", "roles"), admin.accessToken()).json();
        String hookPath = "/api/v1/inbound-webhooks/" + hook.getString("id");
        for (String list : new String[] {"/api/v1/inbound-webhooks", "/api/v1/webhook-inbox", "/api/v1/resend-signing-secrets",
                "/api/v1/meta-pages"}) {
            assertEquals(200, server.http.get(list, admin.accessToken()).status(), "admin " + list);
        }
        assertEquals(200, server.http.get(hookPath, admin.accessToken()).status());

        roles.forEach((role, account) -> {
            String token = account.accessToken();
            for (String list : new String[] {"/api/v1/inbound-webhooks", "/api/v1/webhook-inbox", "/api/v1/resend-signing-secrets",
                    "/api/v1/meta-pages"}) {
                assertEquals(403, server.http.get(list, token).status(), role + " " + list);
            }
            assertEquals(403, server.http.get(hookPath, token).status(), role + " reads a hook");
            assertEquals(403, server.http.patch(hookPath, new JsonObject().put("name", "x").put("version", 1), token).status(), role);
            assertEquals(403, server.http.delete(hookPath, token).status(), role + " deletes a hook");
            assertEquals(403, server.http.post("/api/v1/inbound-webhooks", new JsonObject().put("name", "mine"), token).status(), role);
            assertEquals(403, server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", "123"), token).status(), role);
            assertEquals(403, server.http.post("/api/v1/resend-signing-secrets",
                    new JsonObject().put("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), token).status(), role);
        });
        assertEquals(1, server.http.get("/api/v1/inbound-webhooks", admin.accessToken()).items().size());
        assertEquals("roles", server.http.get(hookPath, admin.accessToken()).json().getString("name"));
    }
}
