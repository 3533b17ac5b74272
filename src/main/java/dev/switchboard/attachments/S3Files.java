package dev.switchboard.attachments;

import dev.switchboard.platform.config.S3Config;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.BodySpool;
import dev.switchboard.platform.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachment files in an S3-compatible object store, as objects {@code <tenant>/<attachment>} of one bucket (both
 * ids made by the server). Uploads stream the received temporary file with PUT Object, signed with Signature Version 4
 * over the SHA-256 computed while it was received; downloads are short-lived signed links that make the store send the
 * file as an attachment of its sniffed type; removal is DELETE Object. Requests go through Vert.x's non-blocking client.
 */
final class S3Files implements FileStore {

    private static final Logger log = LoggerFactory.getLogger(S3Files.class);
    private static final long TIMEOUT_MILLIS = 30_000;

    private final HttpClient http;
    private final FileSystem fs;
    private final IncomingFiles incoming;
    private final S3Config config;
    private final SigV4 signer;
    private final Clock clock;
    private final String host;
    private final int port;
    private final boolean ssl;
    /** The {@code Host} header the client sends, which is signed: the port only when it is not the scheme's own. */
    private final String authority;

    S3Files(HttpClient http, FileSystem fs, IncomingFiles incoming, S3Config config, Clock clock) {
        this.http = http;
        this.fs = fs;
        this.incoming = incoming;
        this.config = config;
        this.signer = new SigV4(config.accessKeyId(), config.secretAccessKey(), config.region());
        this.clock = clock;
        URI endpoint = config.endpoint();
        this.ssl = "https".equals(endpoint.getScheme());
        this.host = config.pathStyle() ? endpoint.getHost() : config.bucket() + "." + endpoint.getHost();
        this.port = endpoint.getPort() > 0 ? endpoint.getPort() : ssl ? 443 : 80;
        this.authority = (ssl && port == 443) || (!ssl && port == 80) ? host : host + ":" + port;
    }

    /** PUT Object of the temporary file (its length, sniffed type and SHA-256 signed), which is removed once stored. */
    @Override
    public Future<Void> keep(IncomingFiles.Received received, UUID tenantId, UUID id) {
        String path = path(tenantId, id);
        Map<String, String> headers = Map.of("content-type", received.contentType(), "content-length", Long.toString(received.size()));
        return fs.open(received.tempPath(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .compose(file -> send(HttpMethod.PUT, path, headers, received.sha256(), file).eventually(() -> BodySpool.closeQuietly(file)))
                .transform(sent -> {
                    if (sent.succeeded() && sent.result() / 100 == 2) {
                        return incoming.discard(received.tempPath());
                    }
                    log.warn("attachment not stored [tenant: {}, attachment: {}, answer: {}]", tenantId, id,
                            sent.succeeded() ? sent.result() : sent.cause().toString());
                    return Future.failedFuture(unavailable());
                });
    }

    /** DELETE Object; an object that is gone already counts as removed. */
    @Override
    public Future<Void> remove(UUID tenantId, UUID id) {
        return send(HttpMethod.DELETE, path(tenantId, id), Map.of(), SigV4.EMPTY_SHA256, null).transform(sent -> {
            if (sent.failed() || (sent.result() / 100 != 2 && sent.result() != 404)) {
                log.warn("stored file not removed [tenant: {}, attachment: {}, answer: {}]", tenantId, id,
                        sent.succeeded() ? sent.result() : sent.cause().toString());
            }
            return Future.<Void>succeededFuture();
        });
    }

    /**
     * A GET link valid for the configured time that makes the store answer with {@code Content-Disposition: attachment}
     * and the sniffed type, whatever the object's own metadata says.
     */
    @Override
    public Download download(UUID tenantId, Attachment attachment) {
        String path = path(tenantId, attachment.id());
        Map<String, String> overrides = Map.of("response-content-disposition", Filenames.disposition(attachment.filename()),
                "response-content-type", attachment.contentType());
        String query = signer.presignedQuery("GET", path, overrides, authority, clock.instant(), config.urlTtl());
        return new Download(null, (ssl ? "https://" : "http://") + authority + SigV4.encodePath(path) + "?" + query);
    }

    /** Sends a signed request ({@code body} may be null) and completes with the answer's status once it is read. */
    private Future<Integer> send(HttpMethod method, String path, Map<String, String> extraHeaders, String payloadHash, AsyncFile body) {
        Instant now = clock.instant();
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("host", authority);
        headers.put("x-amz-date", SigV4.amzDate(now));
        headers.put("x-amz-content-sha256", payloadHash);
        String authorization = signer.authorization(method.name(), path, Map.of(), headers, payloadHash, now);
        headers.remove("host"); // the client sends it from the address
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl)
                .setURI(SigV4.encodePath(path)).setTimeout(TIMEOUT_MILLIS).putHeader("authorization", authorization);
        headers.forEach(options::putHeader);
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    private String path(UUID tenantId, UUID id) {
        String key = tenantId + "/" + id;
        return config.pathStyle() ? "/" + config.bucket() + "/" + key : "/" + key;
    }

    private static ApiException unavailable() {
        return Problems.unavailable("the file store did not take the file; nothing was saved, retry shortly");
    }
}
