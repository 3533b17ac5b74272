package dev.switchboard.attachments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.contacts.ContactFixtures;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Browser;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.S3Stub;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attachments kept in an S3-compatible store (a local stub that checks every signature): uploads become objects of the
 * sniffed type under server-made keys, downloads redirect readers to short-lived signed links that force a download,
 * an unavailable store refuses the upload with 503 and keeps nothing, and removal deletes the object.
 */
class S3AttachmentTest {

    private static final String ATTACHMENTS = AttachmentTest.ATTACHMENTS;
    private static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private static S3Stub store;
    private static Path dir;
    private static TestServer server;
    private static ContactFixtures fx;
    private static Account admin;
    private static Account owner;
    private static Account manager;
    private static Account stranger;
    private static Account otherOrg;
    private static String note;

    @BeforeAll
    static void start() throws IOException {
        store = new S3Stub();
        dir = Files.createTempDirectory("s3-attachments-test-");
        Map<String, String> settings = new HashMap<>(store.settings());
        settings.put("SWITCHBOARD_ATTACHMENTS_DIR", dir.toString());
        server = TestServer.start(settings);
        fx = new ContactFixtures(server);
        admin = server.register("Stored Files");
        owner = server.invite(admin, "agent");
        manager = server.invite(admin, "manager");
        stranger = server.invite(admin, "agent");
        otherOrg = server.register("Stored Files Elsewhere");
        note = AttachmentTest.orgNote(server, owner, fx.contact(owner, "Sam Stored"), "contract attached");
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void anUploadBecomesAnObjectOfTheSniffedTypeAndDownloadsThroughASignedLink() throws Exception {
        int refusedBefore = store.refusals().size();
        Response uploaded = upload(owner, "contract.pdf", PDF, "text/html");
        assertEquals(201, uploaded.status(), uploaded::toString);
        String id = uploaded.json().getString("id");
        S3Stub.StoredObject object = store.object(admin.tenantId() + "/" + id);
        assertNotNull(object, "stored under <organization>/<attachment>");
        assertArrayEquals(PDF, object.bytes());
        assertEquals("application/pdf", object.contentType());
        assertNoLocalFiles();

        Response redirect = content(manager, id);
        assertEquals(302, redirect.status(), redirect::toString);
        assertTrue(redirect.header("Cache-Control").contains("no-store"), redirect.header("Cache-Control"));
        String link = redirect.header("Location");
        assertTrue(link.startsWith(store.endpoint() + "/" + S3Stub.BUCKET + "/" + admin.tenantId() + "/" + id + "?"), link);
        assertTrue(link.contains("X-Amz-Expires=300&"), link);

        HttpResponse<byte[]> file = follow(link);
        assertEquals(200, file.statusCode(), () -> new String(file.body(), StandardCharsets.UTF_8));
        assertArrayEquals(PDF, file.body());
        assertEquals("application/pdf", file.headers().firstValue("Content-Type").orElseThrow());
        String disposition = file.headers().firstValue("Content-Disposition").orElseThrow();
        assertTrue(disposition.startsWith("attachment; filename=\"contract.pdf\"; filename*=UTF-8''contract.pdf"), disposition);
        assertEquals(List.of(), store.refusals().subList(refusedBefore, store.refusals().size()), "every signature held");
        assertEquals(List.of("attachment.added"), fx.eventTypes(id));
    }

    @Test
    void aTamperedOrExpiredLinkIsRefusedByTheStore() throws Exception {
        String id = upload(owner, "page.html", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "text/html")
                .json().getString("id");
        String link = content(owner, id).header("Location");
        assertTrue(link.contains("response-content-type=application%2Foctet-stream"), link);
        assertEquals(200, follow(link).statusCode());

        String retyped = link.replace("response-content-type=application%2Foctet-stream", "response-content-type=text%2Fhtml");
        assertEquals(403, follow(retyped).statusCode(), "the forced type is signed");
        String inline = link.replace("response-content-disposition=attachment", "response-content-disposition=inline");
        assertEquals(403, follow(inline).statusCode(), "the forced disposition is signed");
        assertEquals(403, follow(link.replace("X-Amz-Expires=300", "X-Amz-Expires=604800")).statusCode(), "the lifetime is signed");
        String signature = link.substring(link.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
        String forged = link.replace(signature, signature.startsWith("0") ? "1" + signature.substring(1) : "0" + signature.substring(1));
        assertEquals(403, follow(forged).statusCode(), "a forged signature");
        String other = upload(owner, "other.txt", "someone else's".getBytes(StandardCharsets.UTF_8), null).json().getString("id");
        assertEquals(403, follow(link.replace(id, other)).statusCode(), "the key is signed");

        store.advanceClock(Duration.ofMinutes(6));
        try {
            HttpResponse<byte[]> expired = follow(link);
            assertEquals(403, expired.statusCode());
            assertTrue(store.refusals().get(store.refusals().size() - 1).contains("expired"), store.refusals()::toString);
        } finally {
            store.advanceClock(Duration.ofMinutes(-6));
        }
    }

    @Test
    void readersWithoutAccessGet404AndNoLink() throws Exception {
        String id = upload(owner, "private.pdf", PDF, null).json().getString("id");
        for (Account outsider : List.of(stranger, otherOrg)) {
            Response refused = content(outsider, id);
            assertEquals(404, refused.status(), refused::toString);
            assertNull(refused.header("Location"));
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
            assertTrue(!refused.body().toString().contains(S3Stub.BUCKET), "nothing about the store");
        }
        assertEquals(302, content(manager, id).status());
    }

    @Test
    void anUnavailableOrUnreachableStoreRefusesTheUploadWith503AndNothingIsKept() throws Exception {
        int rows = fx.count("SELECT count(*) FROM attachments WHERE entity_id = ?::uuid", note);
        int objects = store.objectCount();
        for (int status : List.of(503, 500)) {
            store.failWith(status);
            try {
                Response refused = upload(owner, "later.pdf", PDF, null);
                assertEquals(503, refused.status(), refused::toString);
                assertNotNull(refused.header("Retry-After"));
                assertEquals(503, refused.json().getInteger("status"), refused::toString);
                assertTrue(!refused.body().toString().contains("Error>"), "no store answer passed on");
            } finally {
                store.failWith(0);
            }
        }
        store.unreachable(() -> {
            Response refused = upload(owner, "unreachable.pdf", PDF, null);
            assertEquals(503, refused.status(), refused::toString);
            assertNotNull(refused.header("Retry-After"));
        });
        assertEquals(rows, fx.count("SELECT count(*) FROM attachments WHERE entity_id = ?::uuid", note));
        assertEquals(objects, store.objectCount());
        assertNoLocalFiles();
        assertEquals(201, upload(owner, "now.pdf", PDF, null).status(), "works again once the store is back");
    }

    @Test
    void whenTheRowCannotBeWrittenTheStoredObjectIsRemovedAgain() throws Exception {
        TestDatabase.update(server.db, """
                CREATE FUNCTION refuse_marked_attachments() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.filename = 'refused.pdf' THEN RAISE EXCEPTION 'refused for the test'; END IF;
                  RETURN NEW;
                END $$""");
        TestDatabase.update(server.db, "CREATE TRIGGER refuse_marked BEFORE INSERT ON attachments FOR EACH ROW "
                + "EXECUTE FUNCTION refuse_marked_attachments()");
        try {
            int objects = store.objectCount();
            Response failed = upload(owner, "refused.pdf", PDF, null);
            assertTrue(failed.status() >= 500, failed::toString);
            dev.switchboard.testing.Eventually.await(() -> store.objectCount() == objects, Duration.ofSeconds(5),
                    "the object of the unsaved row is deleted");
            assertEquals(0, fx.count("SELECT count(*) FROM attachments WHERE filename = 'refused.pdf'"));
        } finally {
            TestDatabase.update(server.db, "DROP TRIGGER refuse_marked ON attachments");
        }
    }

    @Test
    void removingAnAttachmentDeletesItsObject() throws Exception {
        String id = upload(owner, "gone.pdf", PDF, null).json().getString("id");
        String key = admin.tenantId() + "/" + id;
        assertNotNull(store.object(key));
        String link = content(owner, id).header("Location");
        assertEquals(204, server.http.delete(ATTACHMENTS + "/" + id, owner.accessToken()).status());
        assertNull(store.object(key));
        assertEquals(404, follow(link).statusCode(), "an earlier link finds nothing");
        assertEquals(404, content(owner, id).status());
        assertEquals(List.of("attachment.added", "attachment.removed"), fx.eventTypes(id));
    }

    private static Response upload(Account by, String filename, byte[] bytes, String contentType) {
        return server.http.send(HttpMethod.POST, ATTACHMENTS + "?entityType=note&entityId=" + note + "&filename=" + filename,
                by.accessToken(), Buffer.buffer(bytes), Map.of("Content-Type", contentType == null ? "application/octet-stream" : contentType));
    }

    /** The content route as a browser sees it: a redirect is not followed; the answer is checked against the contract. */
    private static Response content(Account by, String id) {
        String path = ATTACHMENTS + "/" + id + "/content";
        HttpResponse<byte[]> r = Browser.get("http://127.0.0.1:" + server.port + path, by.accessToken());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        r.headers().map().forEach(headers::add);
        return server.http.validated(HttpMethod.GET, path, new Http.Response(r.statusCode(), headers, Buffer.buffer(r.body())));
    }

    private static HttpResponse<byte[]> follow(String link) {
        return Browser.get(link, null);
    }

    /** Only the store keeps files: nothing stays on local disk once an upload is answered. */
    private static void assertNoLocalFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
        }
    }
}
