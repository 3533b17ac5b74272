package dev.switchboard.platform.http;

/** Where a request came from, for audit entries and rate limits. */
public record RequestMeta(String requestId, String ip, String userAgent) {

    public static final RequestMeta SYSTEM = new RequestMeta(null, null, null);
}
