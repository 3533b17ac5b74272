package dev.switchboard.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Password hashing off the event loop, on a dedicated worker pool sized to the cores so a burst of
 * logins cannot starve other blocking work or exhaust memory.
 */
public final class Passwords {

    private final PasswordHasher hasher;
    private final WorkerExecutor workers;
    /** Verified against when the email is unknown, so both paths cost the same; computed on a worker. */
    private final Future<String> decoyHash;

    public Passwords(Vertx vertx, PasswordHasher hasher) {
        this.hasher = hasher;
        this.workers = vertx.createSharedWorkerExecutor("password-hashing", Runtime.getRuntime().availableProcessors());
        this.decoyHash = workers.executeBlocking(() -> hasher.hash("decoy password never matched"), false);
    }

    public Future<String> hash(String password) {
        return workers.executeBlocking(() -> hasher.hash(password), false);
    }

    public Future<Boolean> verify(String password, String hash) {
        return workers.executeBlocking(() -> hasher.verify(password, hash), false);
    }

    /** Spends the time a real verification would, and answers false. */
    public Future<Boolean> verifyDecoy(String password) {
        return decoyHash.compose(decoy -> verify(password, decoy)).map(false);
    }
}
