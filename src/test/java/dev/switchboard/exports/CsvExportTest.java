package dev.switchboard.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/exports/{contacts,cases}}: streamed CSV of what the caller may read, formulas neutralised. */
class CsvExportTest {

    private static final String CONTACT_HEADER =
            "id,firstName,lastName,fullName,email,phone,company,region,tags,ownerUserId,teamId,customFields,createdAt,updatedAt,archivedAt";

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
    void exportsEveryContactAcrossPagesWithFormulasNeutralised() {
        Account admin = server.register("Export Contacts");
        Account rival = server.register("Export Rival");
        String rivalContact = server.createContact(rival);
        Response formula = server.http.post("/api/v1/contacts", new JsonObject().put("fullName", "=HYPERLINK(\"http://x\",\"y\")")
                .put("company", "-2+3").put("tags", new JsonArray().add("@vip").add("b")), admin.accessToken());
        assertEquals(201, formula.status(), formula::toString);
        insertContacts(admin, 1200);

        Response r = server.http.get("/api/v1/exports/contacts", admin.accessToken());
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.contentType().startsWith("text/csv"), r.contentType());
        List<String> lines = lines(r);
        assertEquals(CONTACT_HEADER, lines.get(0));
        assertEquals(1 + 1201, lines.size(), "every contact, over several pages");
        assertEquals(1201, lines.stream().skip(1).map(l -> l.substring(0, 36)).distinct().count(), "each once");
        String crafted = lines.stream().filter(l -> l.startsWith(formula.json().getString("id"))).findFirst().orElseThrow();
        assertTrue(crafted.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), crafted);
        assertTrue(crafted.contains(",'-2+3,"), crafted);
        assertTrue(crafted.contains(",'@vip;b,"), crafted);
        assertFalse(r.body().toString().contains(rivalContact), "never another organization's contact");
    }

    @Test
    void exportsOnlyWhatTheCallerMayReadAndNeedsDataExport() {
        Account admin = server.register("Export Rules");
        Account agent = server.invite(admin, "agent");
        Account other = server.invite(admin, "agent");
        Response granted = server.http.put("/api/v1/users/" + agent.userId() + "/permissions",
                new JsonObject().put("grants", new JsonArray().add("data.export")), admin.accessToken());
        assertEquals(200, granted.status(), granted::toString);
        String own = server.createContact(agent);
        String notOwn = server.createContact(admin);
        String ownCase = server.createCase(agent);
        String notOwnCase = server.createCase(admin);

        String contacts = server.http.get("/api/v1/exports/contacts", agent.accessToken()).body().toString();
        assertTrue(contacts.contains(own));
        assertFalse(contacts.contains(notOwn), "an agent exports only contacts they may read");
        String cases = server.http.get("/api/v1/exports/cases", agent.accessToken()).body().toString();
        assertTrue(cases.contains(ownCase));
        assertFalse(cases.contains(notOwnCase));
        assertEquals(403, server.http.get("/api/v1/exports/contacts", other.accessToken()).status(), "agents lack data.export");
        assertEquals(403, server.http.get("/api/v1/exports/cases", other.accessToken()).status());
    }

    @Test
    void exportsCasesWithTheListsFilters() {
        Account admin = server.register("Export Cases");
        String qualified = server.createCase(admin);
        String fresh = server.createCase(admin);
        server.http.post("/api/v1/cases/" + qualified + "/status", new JsonObject().put("stage", "qualified"), admin.accessToken());
        Response r = server.http.get("/api/v1/exports/cases?stage=qualified", admin.accessToken());
        assertEquals(200, r.status(), r::toString);
        List<String> lines = lines(r);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(1).startsWith(qualified + ",1,") || lines.get(1).startsWith(qualified + ","), lines::toString);
        assertFalse(r.body().toString().contains(fresh));
        assertEquals(400, server.http.get("/api/v1/exports/cases?priority=extreme", admin.accessToken()).status());
    }

    @Test
    void aCustomFieldFilterTheOrganizationDoesNotHaveIsA400NotACutOffFile() {
        Account admin = server.register("Export Bad Field");
        server.createContact(admin);
        server.createCase(admin);
        for (String path : List.of("/api/v1/exports/contacts?cf.nonexistent=1", "/api/v1/exports/cases?cf.nonexistent=1",
                "/api/v1/exports/cases?cf.x%5Bgte%5D=abc")) {
            Response r = server.http.get(path, admin.accessToken());
            assertEquals(400, r.status(), () -> path + ": " + r);
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        }
        Response empty = server.http.get("/api/v1/exports/contacts?q=nobody-has-this-name", admin.accessToken());
        assertEquals(200, empty.status(), empty::toString);
        assertEquals(List.of(CONTACT_HEADER), lines(empty), "no match: the header row alone");
    }

    private static List<String> lines(Response r) {
        List<String> out = new ArrayList<>(List.of(r.body().toString().split("\r\n")));
        out.removeIf(String::isEmpty);
        return out;
    }

    private static void insertContacts(Account admin, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        try (java.sql.Connection c = TestDatabase.connect(server.db);
             java.sql.PreparedStatement st = c.prepareStatement("""
                     INSERT INTO contacts (tenant_id, id, full_name, owner_user_id) SELECT ?::uuid, id::uuid, 'Bulk ' || id, ?::uuid
                     FROM unnest(?::text[]) id""")) {
            st.setString(1, admin.tenantId());
            st.setString(2, admin.userId());
            st.setArray(3, c.createArrayOf("text", ids.toArray()));
            assertEquals(n, st.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
