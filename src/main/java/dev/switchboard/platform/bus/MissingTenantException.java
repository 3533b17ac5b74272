package dev.switchboard.platform.bus;

/** A message was sent or received without tenant context; it is never processed under a guessed tenant. */
public final class MissingTenantException extends IllegalStateException {

    public MissingTenantException(String address) {
        super("message without tenant rejected [address: " + address + "]");
    }
}
