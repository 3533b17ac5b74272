package dev.switchboard.attachments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.contacts.ContactFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files on records: streamed upload with a size limit, the type sniffed from the bytes, downloads that no browser
 * renders, the parent's read rules (other organizations and unrelated agents get 404), server-made file names only.
 */
class AttachmentTest {

    static final String ATTACHMENTS = "/api/v1/attachments";
    private static final int MAX_BYTES = 64 * 1024;
    private static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    private static Path dir;
    private static TestServer server;
    private static ContactFixtures fx;
    private static Account admin;
    private static Account owner;
    private static Account manager;
    private static Account stranger;
    private static Account otherOrg;
    private static String contact;
    private static String note;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("attachments-test-");
        server = TestServer.start(Map.of("SWITCHBOARD_ATTACHMENTS_DIR", dir.toString(),
                "SWITCHBOARD_ATTACHMENTS_MAX_BYTES", Integer.toString(MAX_BYTES)));
        fx = new ContactFixtures(server);
        admin = server.register("Attachments");
        owner = server.invite(admin, "agent");
        manager = server.invite(admin, "manager");
        stranger = server.invite(admin, "agent");
        otherOrg = server.register("Attachments Elsewhere");
        contact = fx.contact(owner, "Ada Attached");
        note = orgNote(server, owner, contact, "signed contract attached");
    }

    /** A new organization-wide note on a contact, by {@code by}; its id. */
    static String orgNote(TestServer on, Account by, String contact, String text) {
        Response created = on.http.post("/api/v1/notes", new JsonObject().put("entityType", "contact").put("entityId", contact)
                .put("body", "<p>" + text + "</p>").put("visibility", "org"), by.accessToken());
        assertEquals(201, created.status(), created::toString);
        return created.json().getString("id");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPdfOnANoteDownloadsForAPermittedColleagueAndIs404ForOthers() throws Exception {
        Response uploaded = upload(owner, "note", note, "contract.pdf", PDF, "text/html");
        assertEquals(201, uploaded.status(), uploaded::toString);
        JsonObject a = uploaded.json();
        assertEquals("application/pdf", a.getString("contentType"));
        assertEquals(PDF.length, a.getLong("sizeBytes"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF)), a.getString("sha256"));
        assertEquals(owner.userId(), a.getString("uploadedBy"));
        String id = a.getString("id");

        Response download = server.http.get(ATTACHMENTS + "/" + id + "/content", manager.accessToken());
        assertEquals(200, download.status(), download::toString);
        assertArrayEquals(PDF, download.body().getBytes());
        assertEquals("application/pdf", download.contentType());
        assertEquals("nosniff", download.header("X-Content-Type-Options"));
        assertTrue(download.header("Content-Disposition").startsWith("attachment; filename=\"contract.pdf\""),
                download.header("Content-Disposition"));
        assertEquals(List.of(id), ContactFixtures.ids(server.http.get(ATTACHMENTS + "?entityType=note&entityId=" + note,
                manager.accessToken())));

        for (Account outsider : List.of(stranger, otherOrg)) {
            assertEquals(404, server.http.get(ATTACHMENTS + "/" + id + "/content", outsider.accessToken()).status());
            assertEquals(404, server.http.get(ATTACHMENTS + "/" + id, outsider.accessToken()).status());
            assertEquals(404, server.http.get(ATTACHMENTS + "?entityType=note&entityId=" + note, outsider.accessToken()).status());
            assertEquals(404, server.http.delete(ATTACHMENTS + "/" + id, outsider.accessToken()).status());
            assertEquals(404, upload(outsider, "note", note, "x.txt", "x".getBytes(), null).status());
        }
        assertEquals(List.of("attachment.added"), fx.eventTypes(id));
        assertEquals(List.of("attachment.added"), fx.auditActions(id));
    }

    @Test
    void theContentTypeComesFromTheBytesNeverFromTheClient() {
        Map<String, String> expected = Map.of(
                "<html><script>alert(1)</script></html>", "application/octet-stream",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "application/octet-stream",
                "  <!DOCTYPE html><p>hi</p>", "application/octet-stream",
                "plain words, nothing else\n", "text/plain");
        expected.forEach((body, type) -> {
            Response r = upload(owner, "contact", contact, "page.html", body.getBytes(StandardCharsets.UTF_8), "text/html");
            assertEquals(201, r.status(), r::toString);
            assertEquals(type, r.json().getString("contentType"), body);
            Response download = server.http.get(ATTACHMENTS + "/" + r.json().getString("id") + "/content", owner.accessToken());
            assertEquals(type, download.contentType());
            assertFalse(download.contentType().contains("html"));
        });
        Response png = upload(owner, "contact", contact, "report.pdf", PNG, "application/pdf");
        assertEquals("image/png", png.json().getString("contentType"));
        Response binary = upload(owner, "contact", contact, "blob.txt", new byte[] {0, 1, 2, 3, (byte) 0xFE}, "text/plain");
        assertEquals("application/octet-stream", binary.json().getString("contentType"));
        // what a plain `curl --data-binary @file` claims: still the file itself
        Response formTyped = upload(owner, "contact", contact, "scan.png", PNG, "application/x-www-form-urlencoded");
        assertEquals(201, formTyped.status(), formTyped::toString);
        assertEquals("image/png", formTyped.json().getString("contentType"));
        // a multipart form would store its parts as the file: refused, saying what to send
        Response multipart = upload(owner, "contact", contact, "scan.png", PNG, "multipart/form-data; boundary=x");
        assertEquals(415, multipart.status(), multipart::toString);
        assertTrue(multipart.json().getString("detail").contains("file itself"), multipart::toString);
    }

    @Test
    void pathLikeFileNamesNeverReachTheFileSystem() throws IOException {
        for (String nasty : List.of("../../etc/passwd", "%2e%2e%2f%2e%2e%2fescape.txt", "..\\..\\windows\\win.ini", "/etc/shadow",
                "....//....//x")) {
            Response r = upload(owner, "contact", contact, nasty, "harmless".getBytes(), null);
            assertEquals(201, r.status(), nasty + ": " + r);
            String kept = r.json().getString("filename");
            assertFalse(kept.contains("/") || kept.contains("\\"), kept);
        }
        Response dots = upload(owner, "contact", contact, "..%2F..%2Fescaped", "harmless".getBytes(), null);
        assertEquals(201, dots.status(), dots::toString);
        assertEquals("escaped", dots.json().getString("filename"));
        // every stored file sits at <dir>/<organization id>/<attachment id>, both made by the server
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                Path relative = dir.relativize(file);
                assertEquals(2, relative.getNameCount(), relative::toString);
                assertNotNull(UUID.fromString(relative.getName(0).toString()));
                assertNotNull(UUID.fromString(relative.getName(1).toString()));
            });
        }
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().contains("escape")), "nothing written beside the store");
        }
        Response control = upload(owner, "contact", contact, "bad%0Aname.txt", "x".getBytes(), null);
        assertEquals(400, control.status(), control::toString);
        assertEquals(List.of("filename"), ContactFixtures.fields(control));
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413AndLeavesNothing() throws Exception {
        int before = fx.count("SELECT count(*) FROM attachments WHERE entity_id = ?::uuid", note);
        Response declared = upload(owner, "note", note, "big.bin", new byte[MAX_BYTES + 1], null);
        assertEquals(413, declared.status(), declared::toString);
        // without a Content-Length the limit applies while the body streams in
        byte[] big = new byte[MAX_BYTES * 3];
        try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(10))) {
            raw.head("POST", ATTACHMENTS + "?entityType=note&entityId=" + note + "&filename=big.bin",
                    "Authorization: Bearer " + owner.accessToken(), "Transfer-Encoding: chunked", "Content-Type: application/octet-stream");
            try {
                raw.chunked(big, 8192);
            } catch (IOException closedEarly) {
                // the server may close the connection before the whole body is sent
            }
            assertEquals(413, raw.read().status());
        }
        assertEquals(before, fx.count("SELECT count(*) FROM attachments WHERE entity_id = ?::uuid", note));
        Path incoming = dir.resolve("incoming");
        dev.switchboard.testing.Eventually.await(() -> {
            try (Stream<Path> left = Files.list(incoming)) {
                return left.findAny().isEmpty();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(5), "no partial upload left behind");
        Response empty = upload(owner, "note", note, "empty.txt", new byte[0], null);
        assertEquals(400, empty.status(), empty::toString);
    }

    @Test
    void attachmentsHideWithTheirSoftDeletedParent() {
        Response n = server.http.post("/api/v1/notes", new JsonObject().put("entityType", "contact").put("entityId", contact)
                .put("body", "<p>soon gone</p>").put("visibility", "org"), owner.accessToken());
        String doomed = n.json().getString("id");
        String id = upload(owner, "note", doomed, "gone.txt", "bye".getBytes(), null).json().getString("id");
        assertEquals(200, server.http.get(ATTACHMENTS + "/" + id, manager.accessToken()).status());
        assertEquals(204, server.http.delete("/api/v1/notes/" + doomed, owner.accessToken()).status());
        assertEquals(404, server.http.get(ATTACHMENTS + "/" + id, manager.accessToken()).status());
        assertEquals(404, server.http.get(ATTACHMENTS + "/" + id + "/content", owner.accessToken()).status());
        assertEquals(404, server.http.get(ATTACHMENTS + "?entityType=note&entityId=" + doomed, admin.accessToken()).status());
    }

    @Test
    void theUploaderOrAManagerRemovesAnAttachmentAndItsFile() throws Exception {
        Account colleague = server.invite(admin, "agent");
        String team = fx.team(admin, "Shared desk", owner, colleague);
        String shared = fx.createContact(owner, new JsonObject().put("fullName", "Shared Person").put("teamId", team)).getString("id");
        String mine = upload(owner, "contact", shared, "mine.txt", "mine".getBytes(), null).json().getString("id");
        String theirs = upload(owner, "contact", shared, "theirs.txt", "theirs".getBytes(), null).json().getString("id");
        assertEquals(200, server.http.get(ATTACHMENTS + "/" + mine, colleague.accessToken()).status(), "the colleague reads it");
        assertEquals(403, server.http.delete(ATTACHMENTS + "/" + mine, colleague.accessToken()).status());
        assertEquals(204, server.http.delete(ATTACHMENTS + "/" + mine, owner.accessToken()).status());
        assertEquals(204, server.http.delete(ATTACHMENTS + "/" + theirs, manager.accessToken()).status());
        for (String id : List.of(mine, theirs)) {
            assertEquals(404, server.http.get(ATTACHMENTS + "/" + id, manager.accessToken()).status());
            assertFalse(Files.exists(dir.resolve(admin.tenantId()).resolve(id)), "the file is gone");
            assertEquals(List.of("attachment.added", "attachment.removed"), fx.eventTypes(id));
        }
    }

    @Test
    void messageAttachmentsFollowTheConversationAndHideInternalNotesFromCustomers() {
        Response conversation = server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email")
                .put("subject", "Invoice").put("contactId", contact), admin.accessToken());
        assertEquals(201, conversation.status(), conversation::toString);
        String conversationId = conversation.json().getString("id");
        String reply = message(conversationId, "outbound");
        String internal = message(conversationId, "internal_note");
        String onReply = upload(admin, "message", reply, "invoice.pdf", PDF, null).json().getString("id");
        String onNote = upload(admin, "message", internal, "notes.txt", "internal".getBytes(), null).json().getString("id");
        Account customer = fx.customer(admin, contact);
        assertEquals(200, server.http.get(ATTACHMENTS + "/" + onReply + "/content", customer.accessToken()).status());
        assertEquals(404, server.http.get(ATTACHMENTS + "/" + onNote + "/content", customer.accessToken()).status());
        assertEquals(200, server.http.get(ATTACHMENTS + "/" + onNote + "/content", manager.accessToken()).status());
        assertEquals(404, server.http.get(ATTACHMENTS + "/" + onReply, otherOrg.accessToken()).status());
        assertEquals(403, upload(customer, "message", reply, "mine.txt", "x".getBytes(), null).status());
    }

    private static String message(String conversation, String direction) {
        Response r = server.http.post("/api/v1/conversations/" + conversation + "/messages",
                new JsonObject().put("direction", direction).put("body", "see attached"), admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    static Response upload(Account by, String entityType, String entityId, String filename, byte[] bytes, String contentType) {
        String path = ATTACHMENTS + "?entityType=" + entityType + "&entityId=" + entityId + "&filename="
                + (filename.contains("%") ? filename : URLEncoder.encode(filename, StandardCharsets.UTF_8));
        return server.http.send(HttpMethod.POST, path, by.accessToken(), Buffer.buffer(bytes),
                Map.of("Content-Type", contentType == null ? "application/octet-stream" : contentType));
    }
}
