package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for an S3-compatible object store, path-style ({@code /<bucket>/<key>}): PUT, GET and DELETE Object,
 * answering S3's XML errors. Every request must carry a valid Signature Version 4, either in the {@code Authorization}
 * header (with {@code x-amz-content-sha256} matching the body) or in the query of a presigned link (not expired);
 * the stub computes the canonical request on its own from what it received. A GET honours
 * {@code response-content-type} and {@code response-content-disposition}. A test may make it answer an error status,
 * and move its clock forward.
 */
public final class S3Stub implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIDSTUBEXAMPLE";
    public static final String SECRET_KEY = "stub/secret+key/for/tests";
    public static final String REGION = "eu-test-1";
    public static final String BUCKET = "switchboard-files";
    public static final String UNSIGNED = "UNSIGNED-PAYLOAD";

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/s3/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");
    private static final Duration HEADER_SKEW = Duration.ofMinutes(15);

    /** A stored object: its bytes and the type it was stored with. */
    public record StoredObject(byte[] bytes, String contentType) {
    }

    private final Vertx vertx = Vertx.vertx();
    private HttpServer server;
    private final int port;
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile int failingStatus;
    private volatile Duration clockOffset = Duration.ZERO;

    public S3Stub() {
        port = listen(0);
    }

    private int listen(int on) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            return server.listen(on, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("stub did not start", e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Runs {@code during} while nothing listens at the stub's address (connections are refused), then serves again. */
    public void unreachable(Runnable during) {
        server.close().toCompletionStage().toCompletableFuture().join();
        try {
            during.run();
        } finally {
            listen(port);
        }
    }

    /** The settings that point a server's attachments at this stub. */
    public Map<String, String> settings() {
        return Map.of("SWITCHBOARD_ATTACHMENTS_S3_ENDPOINT", endpoint(), "SWITCHBOARD_ATTACHMENTS_S3_BUCKET", BUCKET,
                "SWITCHBOARD_ATTACHMENTS_S3_REGION", REGION, "SWITCHBOARD_ATTACHMENTS_S3_ACCESS_KEY_ID", ACCESS_KEY,
                "SWITCHBOARD_ATTACHMENTS_S3_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** The object stored under {@code key}, or null. */
    public StoredObject object(String key) {
        return objects.get(key);
    }

    public int objectCount() {
        return objects.size();
    }

    /** Why requests were refused (signature, expiry, checksum), oldest first. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** From now on every request is answered with {@code status} (0: normal service again). */
    public void failWith(int status) {
        failingStatus = status;
    }

    /** Moves the stub's clock, against which signatures and links are checked. */
    public void advanceClock(Duration by) {
        clockOffset = clockOffset.plus(by);
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    private void handle(HttpServerRequest request) {
        request.body().onComplete(read -> {
            Buffer body = read.succeeded() ? read.result() : Buffer.buffer();
            if (failingStatus != 0) {
                error(request, failingStatus, "ServiceUnavailable", "failing on purpose");
                return;
            }
            String refusal = refusal(request, body);
            if (refusal != null) {
                refusals.add(request.method() + " " + request.path() + ": " + refusal);
                error(request, 403, "AccessDenied", refusal);
                return;
            }
            serve(request, body);
        });
    }

    private void serve(HttpServerRequest request, Buffer body) {
        String path = decode(request.path());
        String prefix = "/" + BUCKET + "/";
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            error(request, 404, "NoSuchBucket", "no such bucket");
            return;
        }
        String key = path.substring(prefix.length());
        switch (request.method().name()) {
            case "PUT" -> {
                objects.put(key, new StoredObject(body.getBytes(), request.getHeader("Content-Type")));
                request.response().putHeader("ETag", "\"" + hex(sha256(body.getBytes())).substring(0, 32) + "\"").end();
            }
            case "GET" -> {
                StoredObject object = objects.get(key);
                if (object == null) {
                    error(request, 404, "NoSuchKey", "no such key");
                    return;
                }
                String type = request.getParam("response-content-type");
                String disposition = request.getParam("response-content-disposition");
                request.response().putHeader("Content-Type", type != null ? type : object.contentType());
                if (disposition != null) {
                    request.response().putHeader("Content-Disposition", disposition);
                }
                request.response().end(Buffer.buffer(object.bytes()));
            }
            case "DELETE" -> {
                objects.remove(key);
                request.response().setStatusCode(204).end();
            }
            default -> error(request, 405, "MethodNotAllowed", "not supported by the stub");
        }
    }

    /** Why the request's signature does not hold, or null when it does. */
    private String refusal(HttpServerRequest request, Buffer body) {
        Map<String, String> query = query(request.query());
        Map<String, String> headers = new TreeMap<>();
        request.headers().names().forEach(name -> headers.put(name.toLowerCase(), String.join(",", request.headers().getAll(name))));
        if (request.authority() != null) {
            headers.putIfAbsent("host", request.authority().toString()); // HTTP/2 names it :authority
        }
        if (query.containsKey("X-Amz-Signature")) {
            return presignedRefusal(request, query, headers);
        }
        String authorization = request.getHeader("Authorization");
        Matcher m = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        if (m == null || !m.matches()) {
            return "no valid Authorization header";
        }
        String amzDate = headers.get("x-amz-date");
        String payloadHash = headers.get("x-amz-content-sha256");
        List<String> signed = List.of(m.group(4).split(";"));
        if (amzDate == null || payloadHash == null || !signed.containsAll(List.of("host", "x-amz-date", "x-amz-content-sha256"))) {
            return "host, x-amz-date and x-amz-content-sha256 must be present and signed";
        }
        String scopeRefusal = scopeRefusal(m.group(1), m.group(2), m.group(3), amzDate);
        if (scopeRefusal != null) {
            return scopeRefusal;
        }
        Instant at = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        if (Duration.between(at, now()).abs().compareTo(HEADER_SKEW) > 0) {
            return "the request time is too far from the server's";
        }
        if (!UNSIGNED.equals(payloadHash) && !payloadHash.equals(hex(sha256(body.getBytes())))) {
            return "x-amz-content-sha256 does not match the body";
        }
        String expected = signature(SECRET_KEY, request.method().name(), request.path(), query, headers, m.group(4), payloadHash,
                amzDate, REGION);
        return expected.equals(m.group(5)) ? null : "signature does not match";
    }

    private String presignedRefusal(HttpServerRequest request, Map<String, String> query, Map<String, String> headers) {
        String credential = query.getOrDefault("X-Amz-Credential", "");
        String[] parts = credential.split("/");
        String amzDate = query.get("X-Amz-Date");
        if (!"AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm")) || parts.length != 5 || !"s3".equals(parts[3])
                || !"aws4_request".equals(parts[4]) || amzDate == null || query.get("X-Amz-Expires") == null
                || query.get("X-Amz-SignedHeaders") == null || !List.of(query.get("X-Amz-SignedHeaders").split(";")).contains("host")) {
            return "incomplete query signature";
        }
        String scopeRefusal = scopeRefusal(parts[0], parts[1], parts[2], amzDate);
        if (scopeRefusal != null) {
            return scopeRefusal;
        }
        long expires = Long.parseLong(query.get("X-Amz-Expires"));
        Instant at = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        if (expires < 1 || expires > 604_800) {
            return "X-Amz-Expires out of range";
        }
        if (now().isAfter(at.plusSeconds(expires))) {
            return "expired: the link is no longer valid";
        }
        Map<String, String> signedQuery = new TreeMap<>(query);
        signedQuery.remove("X-Amz-Signature");
        String expected = signature(SECRET_KEY, request.method().name(), request.path(), signedQuery, headers,
                query.get("X-Amz-SignedHeaders"), UNSIGNED, amzDate, REGION);
        return expected.equals(query.get("X-Amz-Signature")) ? null : "signature does not match";
    }

    private static String scopeRefusal(String accessKey, String day, String region, String amzDate) {
        if (!ACCESS_KEY.equals(accessKey)) {
            return "unknown access key";
        }
        if (!REGION.equals(region)) {
            return "wrong region";
        }
        return amzDate.startsWith(day) ? null : "the credential's date is not the request's";
    }

    /**
     * The Signature Version 4 of a request as received: {@code rawPath} as it came (percent-encoded), {@code query}
     * decoded, {@code headers} by lowercase name.
     */
    public static String signature(String secret, String method, String rawPath, Map<String, String> query, Map<String, String> headers,
                                   String signedHeaders, String payloadHash, String amzDate, String region) {
        StringBuilder canonical = new StringBuilder(method).append('\n');
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(uriEncode(decode(segment)));
        }
        canonical.append(String.join("/", segments)).append('\n');
        List<String> pairs = new ArrayList<>();
        query.forEach((name, value) -> pairs.add(uriEncode(name) + "=" + uriEncode(value)));
        java.util.Collections.sort(pairs);
        canonical.append(String.join("&", pairs)).append('\n');
        for (String name : signedHeaders.split(";")) {
            String value = headers.getOrDefault(name, "");
            canonical.append(name).append(':').append(value.strip().replaceAll("\\s+", " ")).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String scope = amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String step : List.of(amzDate.substring(0, 8), region, "s3", "aws4_request", toSign)) {
            key = hmac(key, step);
        }
        return hex(key);
    }

    /** Query parameters decoded (a {@code +} stays a plus, as S3 reads it). */
    private static Map<String, String> query(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String uriEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static void error(HttpServerRequest request, int status, String code, String message) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/xml")
                .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
