package dev.switchboard.platform.db;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Where a request's {@link CommitMark} lives on its Vert.x context. Vert.x sizes context storage when an instance is
 * built, after loading its service providers: declaring the key here (a provider listed in
 * {@code META-INF/services}) registers it before any instance exists, which is how Vert.x asks for it.
 */
public final class CommitMarkLocal implements VertxServiceProvider {

    static final ContextLocal<CommitMark> KEY = ContextLocal.registerLocal(CommitMark.class);

    @Override
    public void init(VertxBootstrap builder) {
        // nothing to configure: loading this class registered the key
    }
}
