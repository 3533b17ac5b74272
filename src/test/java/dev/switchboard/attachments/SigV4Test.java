package dev.switchboard.attachments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.testing.S3Stub;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Signature Version 4 against the examples of Amazon S3's documentation (bucket {@code examplebucket}, the documented
 * example key pair, {@code us-east-1}, 24 May 2013 00:00:00 UTC), for both the signer and the test store's verifier,
 * and the two against each other on awkward names.
 */
class SigV4Test {

    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String HOST = "examplebucket.s3.amazonaws.com";
    private static final String AMZ_DATE = "20130524T000000Z";
    private static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");
    private static final String GET_SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    private static final String PUT_SIGNATURE = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd";
    private static final String PRESIGNED_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    private static final String PUT_BODY_SHA256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";

    private final SigV4 signer = new SigV4(ACCESS_KEY, SECRET, "us-east-1");

    @Test
    void signsTheDocumentedGetObjectExample() {
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + GET_SIGNATURE,
                signer.authorization("GET", "/test.txt", Map.of(), getHeaders(), SigV4.EMPTY_SHA256, AT));
    }

    @Test
    void signsTheDocumentedPutObjectExampleWithAnEncodedKey() {
        String authorization = signer.authorization("PUT", "/test$file.text", Map.of(), putHeaders(), PUT_BODY_SHA256, AT);
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=" + PUT_SIGNATURE, authorization);
    }

    @Test
    void presignsTheDocumentedGetObjectExample() {
        assertEquals("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=" + PRESIGNED_SIGNATURE,
                signer.presignedQuery("GET", "/test.txt", Map.of(), HOST, AT, Duration.ofDays(1)));
    }

    @Test
    void theStoreStubVerifiesTheDocumentedExamples() {
        assertEquals(GET_SIGNATURE, S3Stub.signature(SECRET, "GET", "/test.txt", Map.of(), lower(getHeaders()),
                "host;range;x-amz-content-sha256;x-amz-date", SigV4.EMPTY_SHA256, AMZ_DATE, "us-east-1"));
        assertEquals(PUT_SIGNATURE, S3Stub.signature(SECRET, "PUT", "/test%24file.text", Map.of(), lower(putHeaders()),
                "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", PUT_BODY_SHA256, AMZ_DATE, "us-east-1"));
        Map<String, String> query = new TreeMap<>(Map.of("X-Amz-Algorithm", "AWS4-HMAC-SHA256",
                "X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request", "X-Amz-Date", AMZ_DATE,
                "X-Amz-Expires", "86400", "X-Amz-SignedHeaders", "host"));
        assertEquals(PRESIGNED_SIGNATURE, S3Stub.signature(SECRET, "GET", "/test.txt", query, Map.of("host", HOST), "host",
                "UNSIGNED-PAYLOAD", AMZ_DATE, "us-east-1"));
    }

    @Test
    void awkwardKeysAndQueryValuesSignTheSameOnBothSides() {
        String path = "/bucket/dir/na me+ü;~*.pdf";
        Map<String, String> query = Map.of("response-content-disposition", "attachment; filename=\"a b.pdf\"; filename*=UTF-8''a%20b.pdf",
                "response-content-type", "application/pdf");
        String presigned = signer.presignedQuery("GET", path, query, HOST, AT, Duration.ofMinutes(5));
        Map<String, String> received = new TreeMap<>();
        for (String pair : presigned.split("&")) {
            String[] nv = pair.split("=", 2);
            received.put(java.net.URLDecoder.decode(nv[0], java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(nv[1].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
        }
        String signature = received.remove("X-Amz-Signature");
        assertEquals(signature, S3Stub.signature(SECRET, "GET", SigV4.encodePath(path), received, Map.of("host", HOST), "host",
                "UNSIGNED-PAYLOAD", AMZ_DATE, "us-east-1"));
    }

    private static Map<String, String> getHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", HOST);
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
        headers.put("x-amz-date", AMZ_DATE);
        return headers;
    }

    private static Map<String, String> putHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", HOST);
        headers.put("Date", "Fri, 24 May 2013 00:00:00 GMT");
        headers.put("x-amz-date", AMZ_DATE);
        headers.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        headers.put("x-amz-content-sha256", PUT_BODY_SHA256);
        return headers;
    }

    private static Map<String, String> lower(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((name, value) -> out.put(name.toLowerCase(), value));
        return out;
    }
}
