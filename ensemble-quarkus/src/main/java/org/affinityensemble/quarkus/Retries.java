package org.affinityensemble.quarkus;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;
import org.affinityensemble.events.InvalidEventException;
import org.jboss.logging.Logger;

/**
 * Retries work that failed for a passing reason (the database or the object store briefly away) with
 * exponential back-off; a rejection ({@link InvalidEventException}) is final and not retried.
 */
public final class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);
    private static final int ATTEMPTS = 8;

    private Retries() {
    }

    public static <T> Uni<T> backingOff(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .invoke(failure -> LOG.warnf("retrying after a passing failure: %s", failure.toString()))
                .onFailure(failure -> !(failure instanceof InvalidEventException)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(ATTEMPTS);
    }
}
