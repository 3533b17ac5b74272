package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Browser;
import dev.switchboard.testing.S3Stub;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attachments of received email go to the same S3-compatible store as uploads, typed by their bytes. */
class ResendS3AttachmentsTest {

    private static ProviderStub provider;
    private static S3Stub store;
    private static Path dir;
    private static TestServer server;
    private static ResendDeliveries resend;

    @BeforeAll
    static void start() throws IOException {
        provider = new ProviderStub();
        store = new S3Stub();
        dir = Files.createTempDirectory("s3-inbound-test-");
        Map<String, String> settings = new HashMap<>(store.settings());
        settings.put("SWITCHBOARD_RESEND_BASE_URL", provider.resendBaseUrl());
        settings.put("SWITCHBOARD_ATTACHMENTS_DIR", dir.toString());
        server = TestServer.start(settings);
        resend = new ResendDeliveries(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
        provider.close();
    }

    @Test
    void receivedFilesAreStoredInTheBucketAndDownloadThroughSignedLinks() throws Exception {
        Account admin = server.register("Resend Stored Files");
        String secret = resend.setUp(admin);
        String sender = "files-" + UUID.randomUUID() + "@example.test";
        String emailId = UUID.randomUUID().toString();
        provider.email(emailId, ResendEffectsTest.receivedEmail("Fred Files <" + sender + ">", "Invoice", "See attached.",
                "<f-" + UUID.randomUUID() + "@mail.example.test>", new JsonObject()));
        byte[] pdf = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        provider.attachment(emailId, "invoice.pdf", "text/html", pdf);
        resend.awaitProcessed(admin, resend.deliver(secret, ResendEffectsTest.received(emailId, sender)));

        String conversation = server.http.get("/api/v1/conversations", admin.accessToken()).items().getJsonObject(0).getString("id");
        String message = server.http.get("/api/v1/conversations/" + conversation + "/messages", admin.accessToken()).items()
                .getJsonObject(0).getString("id");
        JsonArray files = server.http.get("/api/v1/attachments?entityType=message&entityId=" + message, admin.accessToken()).items();
        assertEquals(1, files.size(), files::encodePrettily);
        String id = files.getJsonObject(0).getString("id");
        S3Stub.StoredObject object = store.object(admin.tenantId() + "/" + id);
        assertNotNull(object, "kept under <organization>/<attachment>");
        assertEquals("application/pdf", object.contentType());
        assertArrayEquals(pdf, object.bytes());
        try (Stream<Path> left = Files.walk(dir)) {
            assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "nothing left on local disk");
        }

        HttpResponse<byte[]> download = Browser.get("http://127.0.0.1:" + server.port + "/api/v1/attachments/" + id + "/content",
                admin.accessToken());
        assertEquals(302, download.statusCode());
        HttpResponse<byte[]> file = Browser.get(download.headers().firstValue("Location").orElseThrow(), null);
        assertEquals(200, file.statusCode());
        assertArrayEquals(pdf, file.body());
        assertTrue(file.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"));
    }
}
