package dev.switchboard.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/imports/contacts}: streamed CSV, checked like the create route, run as a job, rows reported. */
class CsvImportTest {

    private static final int ROWS = 10_000;
    private static final long MAX_BYTES = 2_000_000;
    private static TestServer server;
    private static Path importsDir;
    private static ImportClient client;

    @BeforeAll
    static void start() throws IOException {
        Path data = Files.createTempDirectory("switchboard-import-test-");
        importsDir = data.resolve("imports");
        server = TestServer.start(Map.of("SWITCHBOARD_ATTACHMENTS_DIR", data.resolve("attachments").toString(),
                "SWITCHBOARD_ATTACHMENTS_MAX_BYTES", Long.toString(MAX_BYTES)));
        client = new ImportClient(server, "contacts");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tenThousandRowsWithThreePercentBadImportTheRestAndReportExactlyTheBadOnes() {
        Set<Integer> bad = new TreeSet<>();
        String csv = bigFile(bad);
        assertEquals(300, bad.size());

        Account skipping = server.register("Import Skip Invalid");
        JsonObject done = importAndWait(skipping, csv, "mode=skip_invalid");
        JsonObject progress = done.getJsonObject("progress");
        assertEquals(ROWS, progress.getInteger("rowsRead"), done::encode);
        assertEquals(ROWS - 300, progress.getInteger("imported"), done::encode);
        assertEquals(300, progress.getInteger("failed"), done::encode);
        assertEquals(bad, errorRows(skipping, done.getString("id")), "exactly the bad rows, numbered as in the file");
        assertEquals(ROWS - 300, contacts(skipping));
        assertEquals(1, audited(skipping, "import.completed"), "one audit entry for the import");
        assertEquals(ROWS - 300, audited(skipping, "contact.created"), "and the create route's own, one per contact");

        Account strict = server.register("Import All Or Nothing");
        JsonObject rejected = importAndWait(strict, csv, "mode=all_or_nothing");
        assertEquals(0, rejected.getJsonObject("progress").getInteger("imported"), rejected::encode);
        assertEquals(300, rejected.getJsonObject("progress").getInteger("failed"), rejected::encode);
        assertEquals(bad, errorRows(strict, rejected.getString("id")));
        assertEquals(0, contacts(strict), "all or nothing writes nothing when a row is invalid");
    }

    @Test
    void duplicatesByEmailAreSkippedOrUpdatedWhateverTheirCase() {
        Account admin = server.register("Import Dedupe");
        Response existing = server.http.post("/api/v1/contacts", new JsonObject().put("fullName", "Ann Old").put("email", "Ann@Example.test"),
                admin.accessToken());
        assertEquals(201, existing.status(), existing::toString);
        String csv = "fullName,email,company\r\nAnn New,ANN@example.test,Annco\r\nBob,bob@example.test,\r\nBob Again,Bob@Example.test,\r\n";

        JsonObject skipped = importAndWait(admin, csv, "mode=skip_invalid&onDuplicate=skip").getJsonObject("progress");
        assertEquals(1, skipped.getInteger("imported"), skipped::encode);
        assertEquals(2, skipped.getInteger("skipped"), skipped::encode);
        assertEquals(2, contacts(admin));

        JsonObject updated = importAndWait(admin, csv, "mode=skip_invalid&onDuplicate=update").getJsonObject("progress");
        assertEquals(0, updated.getInteger("imported"), updated::encode);
        assertEquals(3, updated.getInteger("updated"), updated::encode);
        JsonObject ann = server.http.get("/api/v1/contacts/" + existing.json().getString("id"), admin.accessToken()).json();
        assertEquals("Ann New", ann.getString("fullName"));
        assertEquals("Annco", ann.getString("company"));
        assertEquals(2, contacts(admin));
    }

    @Test
    void formulaLookingValuesAndUnknownColumnsAreStoredAsText() {
        Account admin = server.register("Import Formulas");
        String csv = "\uFEFFfullName,company,email,favourite colour\r\n\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@SUM(A1),f@example.test,\"+1\nand more\"\r\n";
        JsonObject done = importAndWait(admin, csv, "");
        assertEquals(1, done.getJsonObject("progress").getInteger("imported"), done::encode);
        JsonObject contact = server.http.get("/api/v1/contacts", admin.accessToken()).items().getJsonObject(0);
        assertEquals("=HYPERLINK(\"http://x\",\"y\")", contact.getString("fullName"));
        assertEquals("@SUM(A1)", contact.getString("company"));
        assertEquals("+1\nand more", contact.getJsonObject("customFields").getString("favourite colour"));
    }

    @Test
    void columnsOfDefinedCustomFieldsAreCheckedAgainstTheirDefinitions() {
        Account admin = server.register("Import Custom Fields");
        Response field = server.http.post("/api/v1/custom-fields", new JsonObject().put("recordType", "contact").put("key", "clinic")
                .put("label", "Clinic").put("type", "single_select").put("options", new io.vertx.core.json.JsonArray().add("Berlin").add("Munich"))
                .put("default", "Berlin"), admin.accessToken());
        assertEquals(201, field.status(), field::toString);
        String csv = "fullName,email,clinic\r\nAnn,ann@example.test,Munich\r\nBob,bob@example.test,Hamburg\r\nCid,cid@example.test,\r\n";
        JsonObject done = importAndWait(admin, csv, "mode=skip_invalid");
        assertEquals(2, done.getJsonObject("progress").getInteger("imported"), done::encode);
        JsonObject error = server.http.get("/api/v1/imports/" + done.getString("id") + "/errors", admin.accessToken()).items().getJsonObject(0);
        assertEquals(3, error.getInteger("row"), error::encode);
        assertEquals("customFields.clinic", error.getString("field"), error::encode);
        assertEquals(Set.of("Munich"), Set.copyOf(server.http.get("/api/v1/contacts?cf.clinic=Munich", admin.accessToken()).items().stream()
                .map(o -> ((JsonObject) o).getJsonObject("customFields").getString("clinic")).toList()));
        assertEquals(1, server.http.get("/api/v1/contacts?cf.clinic=Munich", admin.accessToken()).items().size());
    }

    @Test
    void cellsOfNumberAndBooleanFieldsAreReadAsTheirType() {
        Account admin = server.register("Import Typed Fields");
        for (JsonObject definition : List.of(new JsonObject().put("key", "visits").put("label", "Visits").put("type", "number"),
                new JsonObject().put("key", "vip").put("label", "VIP").put("type", "boolean"))) {
            Response field = server.http.post("/api/v1/custom-fields", definition.put("recordType", "contact"), admin.accessToken());
            assertEquals(201, field.status(), field::toString);
        }
        String csv = "fullName,visits,vip\r\nAnn,12,True\r\nBob,twelve,yes\r\n";
        JsonObject done = importAndWait(admin, csv, "mode=skip_invalid");
        assertEquals(1, done.getJsonObject("progress").getInteger("imported"), done::encode);
        assertEquals(Map.of(3, "customFields.visits,customFields.vip"), client.errors(admin, done.getString("id")));
        JsonObject ann = server.http.get("/api/v1/contacts", admin.accessToken()).items().getJsonObject(0);
        assertEquals(new JsonObject().put("visits", 12).put("vip", true), ann.getJsonObject("customFields"));
    }

    @Test
    void brokenQuotingIsReportedWithItsRowAndImportsNothing() {
        Account admin = server.register("Import Broken");
        String csv = "fullName,email\r\nGood,good@example.test\r\n\"Unclosed,bad@example.test\r\nLater,later@example.test\r\n";
        JsonObject done = importAndWait(admin, csv, "mode=skip_invalid");
        assertTrue(done.getJsonObject("progress").getString("error").contains("row 3"), done::encode);
        JsonObject error = server.http.get("/api/v1/imports/" + done.getString("id") + "/errors", admin.accessToken()).items().getJsonObject(0);
        assertEquals("file", error.getString("field"));
        assertEquals(3, error.getInteger("row"));
        assertEquals(0, contacts(admin), "a file that is not CSV imports nothing");
    }

    @Test
    void aFileInAnotherEncodingThanUtf8ImportsNothingAndSaysSo() {
        Account admin = server.register("Import Latin");
        // Windows-1252, as a spreadsheet's plain "CSV" saves it: é and ü are single bytes that UTF-8 cannot decode
        byte[] latin = "fullName,email\r\nJos\u00e9 M\u00fcller,jose@example.test\r\nAnn,ann@example.test\r\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        JsonObject done = client.importAndWait(admin, io.vertx.core.buffer.Buffer.buffer(latin), "mode=skip_invalid");
        assertTrue(done.getJsonObject("progress").getString("error").contains("not UTF-8"), done::encode);
        assertEquals(0, contacts(admin), "nothing is imported with its letters replaced");

        JsonObject utf8 = importAndWait(admin, "fullName,email\r\nJos\u00e9 M\u00fcller,jose@example.test\r\n", "mode=skip_invalid");
        assertEquals(null, utf8.getJsonObject("progress").getString("error"), utf8::encode);
        assertEquals(1, contacts(admin));
    }

    @Test
    void referencesOutsideTheOrganizationAreRowErrors() {
        Account admin = server.register("Import References");
        Account rival = server.register("Import Rival");
        String csv = "fullName,ownerUserId\r\nMine," + admin.userId() + "\r\nTheirs," + rival.userId() + "\r\n";
        JsonObject done = importAndWait(admin, csv, "mode=skip_invalid");
        assertEquals(1, done.getJsonObject("progress").getInteger("imported"), done::encode);
        JsonObject error = server.http.get("/api/v1/imports/" + done.getString("id") + "/errors", admin.accessToken()).items().getJsonObject(0);
        assertEquals(3, error.getInteger("row"));
        assertEquals("ownerUserId", error.getString("field"));
        assertEquals(0, TestDatabase.queryLong(server.db, "SELECT count(*) FROM contacts WHERE owner_user_id = ?::uuid", rival.userId()));

        JsonObject strict = importAndWait(admin, csv, "mode=all_or_nothing");
        assertEquals(0, strict.getJsonObject("progress").getInteger("imported"), strict::encode);
        assertEquals(1, contacts(admin), "the all-or-nothing import rolled its valid row back");
    }

    @Test
    void needsDataImportAndValidChoices() {
        Account admin = server.register("Import Rules");
        Account agent = server.invite(admin, "agent");
        Account manager = server.invite(admin, "manager");
        assertEquals(403, upload(agent, "fullName\r\nX\r\n", "").status());
        assertEquals(202, upload(manager, "fullName\r\nX\r\n", "").status());
        Response invalid = upload(admin, "fullName\r\nX\r\n", "mode=sometimes&onDuplicate=merge");
        assertEquals(400, invalid.status());
        assertEquals(2, invalid.json().getJsonArray("errors").size(), invalid::toString);
        assertEquals(400, upload(admin, "", "").status(), "an empty file");
        Account rival = server.register("Import Rules Rival");
        String id = upload(admin, "fullName\r\nX\r\n", "").json().getString("id");
        assertEquals(404, server.http.get("/api/v1/imports/" + id, rival.accessToken()).status());
        assertEquals(404, server.http.get("/api/v1/imports/" + id + "/errors", rival.accessToken()).status());

        Response job = server.http.get("/api/v1/jobs/" + id, admin.accessToken());
        assertEquals(200, job.status(), job::toString);
        JsonObject shown = job.json().getJsonObject("payload");
        assertEquals("contacts", shown.getString("type"));
        for (String hidden : List.of("caller", "ip", "userAgent", "permissions", "userId")) {
            assertFalse(shown.containsKey(hidden), "the jobs API shows no " + hidden + " of the uploader: " + shown);
        }
    }

    @Test
    void aJobThatDiedAfterItsFirstBatchResumesWithoutImportingARowTwice() throws Exception {
        Account admin = server.register("Import Resume");
        StringBuilder sb = new StringBuilder("fullName,company\r\n");
        for (int i = 0; i < 1200; i++) {
            sb.append("No Email ").append(i).append(",Resume\r\n");
        }
        String csv = sb.toString();
        JsonObject done = importAndWait(admin, csv, "mode=skip_invalid");
        assertEquals(1200, done.getJsonObject("progress").getInteger("imported"), done::encode);
        // as if the run had died once its first batch (rows 2 to 501) committed: the later rows gone, the job
        // running again with the progress that batch stored, and its file back in place
        String id = done.getString("id");
        TestDatabase.update(server.db, "DELETE FROM contacts WHERE tenant_id = ?::uuid AND full_name NOT IN ("
                + "SELECT 'No Email ' || n FROM generate_series(0, 499) n)", admin.tenantId());
        assertEquals(500, contacts(admin));
        String file;
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT payload->>'file' FROM jobs WHERE id = ?::uuid")) {
            st.setString(1, id);
            ResultSet rs = st.executeQuery();
            rs.next();
            file = rs.getString(1);
        }
        Files.writeString(importsDir.resolve(file), csv);
        TestDatabase.update(server.db, """
                UPDATE jobs SET status = 'queued', run_at = now(), attempts = 0, finished_at = NULL, locked_by = NULL,
                       locked_until = NULL,
                       progress = progress || '{"phase": "writing", "checkpointRow": 501, "imported": 500}'::jsonb
                WHERE id = ?::uuid""", id);
        JsonObject resumed = waitFor(admin, id);
        assertEquals(1200, resumed.getJsonObject("progress").getInteger("imported"), resumed::encode);
        assertEquals(1200, contacts(admin), "each row once: the first batch's rows were not written again");
        assertFalse(Files.exists(importsDir.resolve(file)), "the spooled file is removed once the import is done");
    }

    @Test
    void aFileOverTheLimitGets413() {
        Account admin = server.register("Import Too Large");
        Response r = upload(admin, "fullName\r\n" + "x\r\n".repeat((int) MAX_BYTES), "");
        assertEquals(413, r.status(), r::toString);
        assertEquals(0, contacts(admin));
    }

    @Test
    void anAnnouncedOversizeUploadIsAnswered413WhileItsBodyIsStillComingAndTheConnectionThenCloses() throws Exception {
        Account admin = server.register("Import Announced Too Large");
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            // a sender the server leaves paused blocks in write: fail instead of waiting for ever
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> uploadAnnouncing(socket, admin, 3 * MAX_BYTES));
        }
        assertEquals(0, contacts(admin));
    }

    /** Sends a whole upload of {@code length} bytes, announced, over a raw socket; then reads the answer to its end. */
    private static void uploadAnnouncing(Socket socket, Account admin, long length) throws IOException {
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        String head = "POST /api/v1/imports/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + admin.accessToken()
                + "\r\nContent-Type: text/csv\r\nContent-Length: " + length + "\r\n\r\nfullName\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        // the whole body goes out: the server reads and drops the rest instead of leaving the sender blocked
        byte[] rows = "x\r\n".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (long sent = "fullName\r\n".length(); sent < length; sent += rows.length) {
            out.write(rows, 0, (int) Math.min(rows.length, length - sent));
        }
        out.flush();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        // readAllBytes returned: the server closed the connection once the body had ended
    }

    /** 10,000 rows, 300 of them bad in four ways; {@code bad} gets their row numbers (the header is row 1). */
    private static String bigFile(Set<Integer> bad) {
        StringBuilder sb = new StringBuilder("firstName,lastName,email,phone,company,tags,source\r\n");
        for (int i = 0; i < ROWS; i++) {
            int row = i + 2;
            String first = "First" + i;
            String email = "person" + i + "@import.test";
            String phone = i % 3 == 0 ? "+14155552671" : "";
            String company = i % 7 == 0 ? "\"Acme, \"\"Quoted\"\"\nLtd\"" : "Company " + i;
            if (i % 33 == 5 && bad.size() < 300) {
                bad.add(row);
                switch (bad.size() % 4) {
                    case 0 -> email = "not-an-email";
                    case 1 -> first = "";
                    case 2 -> company = "x".repeat(201);
                    default -> phone = "12";
                }
            }
            String last = first.isEmpty() ? "" : "Last" + i;
            sb.append(first).append(',').append(last).append(',').append(email).append(',').append(phone).append(',')
                    .append(company).append(",vip;import,fair\r\n");
        }
        return sb.toString();
    }

    private static Response upload(Account who, String csv, String query) {
        return client.upload(who, csv, query);
    }

    private static JsonObject importAndWait(Account who, String csv, String query) {
        return client.importAndWait(who, csv, query);
    }

    private static JsonObject waitFor(Account who, String id) {
        return client.waitFor(who, id);
    }

    private static Set<Integer> errorRows(Account who, String importId) {
        return client.errorRows(who, importId);
    }

    private static long contacts(Account who) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM contacts WHERE tenant_id = ?::uuid", who.tenantId());
    }

    private static long audited(Account who, String action) {
        return TestDatabase.queryLong(server.db, "SELECT count(*) FROM audit_log WHERE tenant_id = ?::uuid AND action = ?",
                who.tenantId(), action);
    }
}
