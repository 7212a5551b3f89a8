package org.affinityensemble.quarkus;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs blocking or CPU-heavy work (object store calls, model inference, solvers) on a worker thread and
 * delivers the result back on the caller's Vert.x context, where Hibernate Reactive sessions live.
 */
public final class Offload {

    private Offload() {
    }

    public static <T> Uni<T> blocking(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? uni : uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
