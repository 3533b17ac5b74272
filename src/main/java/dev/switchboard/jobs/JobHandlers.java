package dev.switchboard.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The handler of each job kind, and its retry policy; filled by the composition root before workers start. */
public final class JobHandlers {

    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    private final RetryPolicy defaultPolicy;

    public JobHandlers(RetryPolicy defaultPolicy) {
        this.defaultPolicy = defaultPolicy;
    }

    public JobHandlers register(String kind, JobHandler handler) {
        if (handlers.putIfAbsent(kind, handler) != null) {
            throw new IllegalStateException("job kind " + kind + " registered twice");
        }
        return this;
    }

    /** The handler of {@code kind}, or null. */
    public JobHandler find(String kind) {
        return handlers.get(kind);
    }

    public RetryPolicy policy(String kind) {
        JobHandler handler = handlers.get(kind);
        RetryPolicy policy = handler == null ? null : handler.retryPolicy();
        return policy == null ? defaultPolicy : policy;
    }
}
