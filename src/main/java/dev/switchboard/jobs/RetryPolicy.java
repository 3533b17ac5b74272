package dev.switchboard.jobs;

import java.time.Duration;

/** How often a job kind may run, and how long to wait after each failed attempt. */
public interface RetryPolicy {

    /** Attempts in all, the first one included. */
    int maxAttempts();

    /** The wait before the next attempt, after attempt number {@code failedAttempt} (1-based) failed. */
    Duration delayAfter(int failedAttempt);
}
