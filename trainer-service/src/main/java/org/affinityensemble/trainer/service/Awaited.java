package org.affinityensemble.trainer.service;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Runs a reactive (Hibernate Reactive) operation from a worker thread and waits for it: the operation gets a
 * Vert.x context of its own, as {@code @WithTransaction} and {@code @WithSession} require. Never call it on an
 * event-loop thread.
 */
public final class Awaited {

    private Awaited() {
    }

    public static <T> T await(Supplier<Uni<T>> operation) {
        try {
            return VertxContextSupport.subscribeAndAwait(operation);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
