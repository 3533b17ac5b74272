package dev.switchboard.jobs;

/**
 * A failed job run that says whether trying again can help. Handlers fail with {@link #permanent} for
 * errors no retry fixes (bad input, missing configuration): the job goes straight to the dead letters.
 */
public final class JobFailure extends RuntimeException implements dev.switchboard.platform.error.Retryability {

    private final boolean permanent;

    private JobFailure(String message, boolean permanent) {
        super(message, null, false, false);
        this.permanent = permanent;
    }

    public static JobFailure permanent(String message) {
        return new JobFailure(message, true);
    }

    public static JobFailure retryable(String message) {
        return new JobFailure(message, false);
    }

    public boolean isPermanent() {
        return permanent;
    }

    @Override
    public boolean retryable() {
        return !permanent;
    }
}
