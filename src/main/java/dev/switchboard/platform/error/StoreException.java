package dev.switchboard.platform.error;

/** A database failure translated from its SQLSTATE into something a service can decide on. */
public class StoreException extends RuntimeException {

    /** What went wrong, independent of the driver. */
    public enum Kind { DUPLICATE, MISSING_REFERENCE, CHECK_VIOLATION, RETRYABLE, OTHER }

    private final Kind kind;
    private final String constraint;

    public StoreException(Kind kind, String constraint, Throwable cause) {
        super(kind + (constraint == null ? "" : " [" + constraint + "]"), cause);
        this.kind = kind;
        this.constraint = constraint;
    }

    public Kind kind() {
        return kind;
    }

    /** The violated constraint's name, when the database reported one. */
    public String constraint() {
        return constraint;
    }

    public boolean isDuplicate(String constraintName) {
        return kind == Kind.DUPLICATE && constraintName.equals(constraint);
    }
}
