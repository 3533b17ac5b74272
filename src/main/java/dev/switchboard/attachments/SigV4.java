package dev.switchboard.attachments;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests ({@code AWS4-HMAC-SHA256}): an {@code Authorization} header for requests the
 * server sends, and query-string signatures for links handed to browsers. The canonical request is the method, the
 * URI-encoded path, the sorted encoded query, the lowercase sorted headers with the list of their names, and the
 * payload's SHA-256 (or {@link #UNSIGNED_PAYLOAD}); the signing key is derived from the secret through date, region,
 * service and {@code aws4_request}.
 */
final class SigV4 {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** The SHA-256 of nothing: the payload hash of a request without a body. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final String SERVICE = "s3";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;

    SigV4(String accessKeyId, String secretAccessKey, String region) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
    }

    static String amzDate(Instant at) {
        return AMZ_DATE.format(at);
    }

    /**
     * The {@code Authorization} header of a request whose {@code headers} (any case) include {@code host},
     * {@code x-amz-date} (the value of {@link #amzDate} for {@code at}) and {@code x-amz-content-sha256}; every one of
     * them is signed.
     */
    String authorization(String method, String path, Map<String, String> query, Map<String, String> headers, String payloadHash,
                         Instant at) {
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(java.util.Locale.ROOT), value.trim().replaceAll(" +", " ")));
        String signedHeaders = String.join(";", signed.keySet());
        String signature = signature(method, path, query, signed, payloadHash, at);
        return ALGORITHM + " Credential=" + accessKeyId + "/" + scope(at) + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
    }

    /**
     * The query string (encoded, without {@code ?}) of a link valid for {@code ttl} from {@code at}: {@code query}
     * (e.g. {@code response-content-type}) plus the {@code X-Amz-*} parameters, with only {@code host} signed and an
     * unsigned payload.
     */
    String presignedQuery(String method, String path, Map<String, String> query, String host, Instant at, Duration ttl) {
        SortedMap<String, String> all = new TreeMap<>(query);
        all.put("X-Amz-Algorithm", ALGORITHM);
        all.put("X-Amz-Credential", accessKeyId + "/" + scope(at));
        all.put("X-Amz-Date", amzDate(at));
        all.put("X-Amz-Expires", Long.toString(ttl.toSeconds()));
        all.put("X-Amz-SignedHeaders", "host");
        String signature = signature(method, path, all, new TreeMap<>(Map.of("host", host)), UNSIGNED_PAYLOAD, at);
        return canonicalQuery(all) + "&X-Amz-Signature=" + signature;
    }

    private String signature(String method, String path, Map<String, String> query, SortedMap<String, String> headers,
                             String payloadHash, Instant at) {
        String canonicalHeaders = headers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining());
        String canonicalRequest = method + "\n" + encodePath(path) + "\n" + canonicalQuery(query) + "\n" + canonicalHeaders + "\n"
                + String.join(";", headers.keySet()) + "\n" + payloadHash;
        String stringToSign = ALGORITHM + "\n" + amzDate(at) + "\n" + scope(at) + "\n" + HEX.formatHex(sha256(canonicalRequest));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), day(at));
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    private String scope(Instant at) {
        return day(at) + "/" + region + "/" + SERVICE + "/aws4_request";
    }

    private static String day(Instant at) {
        return amzDate(at).substring(0, 8);
    }

    /** Encoded names and values, sorted by name then value. */
    static String canonicalQuery(Map<String, String> query) {
        return query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).sorted()
                .collect(Collectors.joining("&"));
    }

    /** Every segment of the path encoded; the slashes between them kept. */
    static String encodePath(String path) {
        return java.util.Arrays.stream(path.split("/", -1)).map(SigV4::encode).collect(Collectors.joining("/"));
    }

    /** RFC 3986 percent-encoding: everything but letters, digits and {@code - _ . ~}, as upper-case hex of UTF-8. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
