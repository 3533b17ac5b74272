/**
 * The realtime gateway: {@code /ws} on the public HTTP port.
 *
 * <h2>Connecting</h2>
 * Authenticate with {@code Authorization: Bearer <access token>} on the upgrade, or send
 * {@code {"type":"auth","token":"..."}} as the first frame within 5 s. A bad bearer token is answered with an
 * HTTP 401 problem instead of an upgrade; with a good one, frames the client sends before {@code welcome} wait
 * for it and are then handled in order (at most 64 of them). A client may negotiate the subprotocol
 * {@code switchboard.v1}; none is required. The server answers
 * {@code welcome {connectionId, userId, resumeFrom, expiresAt}}; {@code resumeFrom} is the organization's
 * newest event seq at that moment. Before {@code expiresAt}, send another {@code auth} frame with a fresh
 * token (same user): the answer is {@code welcome {connectionId, userId, renewed: true, expiresAt}}.
 *
 * <h2>Frames</h2>
 * Client: {@code auth}, {@code subscribe {channel, lastEventId?}}, {@code unsubscribe {channel}}, {@code resume {lastEventId}},
 * {@code presence {status}} (online, away, busy, dnd), {@code typing {conversationId, state}} (start, stop),
 * {@code ping}. Server: {@code welcome}, {@code subscribed {channel}}, {@code unsubscribed {channel}},
 * {@code event {id, seq, channel, eventType, data, at}} (the event's own type is {@code eventType} because
 * {@code type} names the frame), {@code presence.state {users}} (everyone not offline, once, within one tick of
 * subscribing to {@code presence}), {@code presence {changes}} (the joins, leaves and status changes since the last tick, each
 * {@code {userId, status, lastSeenAt}}, one frame per {@code presenceTick}),
 * {@code typing {conversationId, userId, state}}, {@code timeline.appended {channel, entityType, entityId, entryId, at}}
 * (a case's or conversation's timeline gained an entry), {@code broadcast {channel, event, data, userId, at}},
 * {@code error {code, message}}, {@code pong}.
 * Error codes: {@code bad_frame}, {@code unauthorized}, {@code forbidden}, {@code rate_limited},
 * {@code too_many_connections}, {@code too_many_subscriptions}, {@code resync_required}.
 *
 * <h2>Channels and who receives what</h2>
 * {@code user:{id}} (joined automatically; only one's own), {@code org}, {@code conversation:{id}},
 * {@code case:{id}} (subscribing needs read access to the record, the same rule as REST),
 * {@code presence} (needs {@code users.read}). Events of type {@code notification.*} go only to
 * {@code user:{data.userId}}. Every other event goes to its record's channel and to {@code org}, and reaches
 * a connection only if {@link dev.switchboard.realtime.RecipientFilter} allows it for that user (see there).
 * A connection receives each event at most once, on its most specific channel.
 *
 * <h2>Ephemeral messages</h2>
 * {@code broadcast} frames are never stored and never replayed. A client sends {@code broadcast {channel, event,
 * data}} to the other subscribers of a {@code case:} or {@code conversation:} channel it holds ("viewing this
 * case", cursor positions), at most {@code broadcastsPerSecond} (10) per socket: the first one over answers
 * {@code rate_limited}, the rest are dropped. Integrations publish with {@code POST /api/v1/realtime/publish}
 * ({@code realtime.publish}); on {@code org}, only staff receive them. Both reach every node's subscribers.
 *
 * <h2>Revocation</h2>
 * A change to who a user is reaches their sockets on every node within a second, from the committed event
 * that records it: logging out (one session or all), a reused refresh token and deactivation send
 * {@code error {code: unauthorized}} and close the affected sockets with 4002; a change of role,
 * permissions or teams makes each of the user's sockets read its access again, leave the channels it may no
 * longer hold ({@code error {code: forbidden}}, then {@code unsubscribed {channel}}) and filter later events
 * with the new access.
 *
 * <h2>Resume</h2>
 * Every event frame carries {@code seq}, its position in the durable log. After reconnecting, send
 * {@code resume {lastEventId: <highest seq received>}} and subscribe to the channels again, in either order (or
 * give a subscription its own starting point: {@code subscribe {channel, lastEventId}}). The missed events of
 * the channels held when the resume arrives are replayed in seq order; every channel subscribed after it
 * first gets its own missed events (those no other held channel carried), then goes live. Live events that
 * arrive during a replay wait behind it, so a client never sees a live event ahead of an older replayed one,
 * and nothing twice. Frames are handled one at a time in the order sent, so {@code subscribe} and
 * {@code resume} may be sent together without waiting for {@code subscribed}; a client that waits for
 * {@code subscribed} before resuming may already have received newer live events on that channel.
 * More than {@code resumeMaxEvents} (10,000) or {@code resumeMaxAge} (24 h) behind, the answer is
 * {@code error {code: resync_required}}: reload over REST, then continue live.
 * <p>Seqs are log positions, handed out in commit order: an event never appears below one already
 * delivered, so the replay after {@code lastEventId} is complete.
 *
 * <h2>Across nodes</h2>
 * With Kafka configured, a socket receives the events of every node (fan-out reads
 * {@link dev.switchboard.platform.bus.TenantBus#NODE_EVENTS}), presence is the union of every node's
 * users ({@link dev.switchboard.realtime.PresenceTracker}: changes at once, the full state every heartbeat,
 * a goodbye on a clean stop, offline after the node timeout when a node dies) and typing indicators
 * reach the conversation's subscribers on every node.
 *
 * <h2>Close codes</h2>
 * See {@link dev.switchboard.realtime.CloseCodes}: 1001 server going away, 1009 frame too big,
 * 4000 idle, 4001 no authentication in time, 4002 authentication failed, 4003 token expired,
 * 4008 slow consumer, 4009 too many connections, 4029 too many frames per second.
 *
 * <h2>Limits</h2>
 * {@code SWITCHBOARD_REALTIME_*}: connections per user, frames per second (over the limit: an error,
 * frames dropped; at twice the limit: closed), frame size, outbound queue length, subscriptions, ping
 * interval and idle timeout, presence grace, typing throttle and expiry, resume window.
 */
package dev.switchboard.realtime;
