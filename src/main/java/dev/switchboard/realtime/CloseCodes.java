package dev.switchboard.realtime;

/** The WebSocket close codes the gateway uses; clients branch on these (see the package documentation). */
public final class CloseCodes {

    /** The server is shutting down; reconnect (to another node) and resume. */
    public static final short GOING_AWAY = 1001;
    /** An inbound message was larger than the configured maximum. */
    public static final short MESSAGE_TOO_BIG = 1009;
    /** Nothing, not even a pong, arrived within the idle timeout. */
    public static final short IDLE_TIMEOUT = 4000;
    /** No {@code auth} frame within the authentication timeout, or another frame came first. */
    public static final short AUTH_TIMEOUT = 4001;
    /** The token was invalid, the account or session ended, or a re-auth named another user. */
    public static final short AUTH_FAILED = 4002;
    /** The access token expired and no fresh one was sent in an {@code auth} frame. */
    public static final short TOKEN_EXPIRED = 4003;
    /** The client did not read fast enough: its outbound queue overflowed. */
    public static final short SLOW_CONSUMER = 4008;
    /** The user already holds the maximum number of connections on this node. */
    public static final short TOO_MANY_CONNECTIONS = 4009;
    /** The client kept sending more frames per second than allowed after being warned. */
    public static final short TOO_MANY_FRAMES = 4029;

    private CloseCodes() {
    }
}
