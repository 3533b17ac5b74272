package dev.switchboard.ai;

/**
 * A provider call that failed: rate limited ({@code retryAfterSeconds} when the provider said), unavailable (5xx, timeout,
 * unreachable), refused (the key or the request was rejected) or malformed (an answer that is not the protocol's).
 */
public final class ProviderException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind { RATE_LIMITED, UNAVAILABLE, REFUSED, MALFORMED }

    private final Kind kind;
    private final long retryAfterSeconds;

    public ProviderException(Kind kind, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProviderException(Kind kind, String message) {
        this(kind, message, -1);
    }

    public Kind kind() {
        return kind;
    }

    /** Seconds the provider asked us to wait, or -1 when it did not say. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Whether another attempt may succeed: rate limits and outages, not refusals or garbage. */
    public boolean retryable() {
        return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
    }
}
