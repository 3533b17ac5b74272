package dev.switchboard.platform.cluster;

import io.vertx.core.Future;

/** The link of a node that runs alone: there is no other node, so nothing is sent and nothing arrives. */
public final class LocalLink implements ClusterLink {

    private final String nodeId;

    public LocalLink(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public Topic topic(String purpose, Handler handler) {
        return (tenantId, body) -> { };
    }

    @Override
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
