package org.affinityensemble.quarkus;

import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.affinityensemble.events.InvalidEventException;
import org.jboss.logging.Logger;

/**
 * Retries work that failed for a passing reason with exponential back-off (ADR 0103). A dependency that is away (the
 * database, the object store or the broker unreachable, a connection closed, a timeout: {@link #isTransient}) is
 * waited for as long as it is away, so that a valid message is not dead-lettered for an outage; another failure is
 * tried {@value #ATTEMPTS} more times and then fails; a rejection ({@link InvalidEventException}) is final at once.
 */
public final class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);
    private static final int ATTEMPTS = 8;

    private Retries() {
    }

    public static <T> Uni<T> backingOff(Supplier<Uni<? extends T>> work) {
        return backingOff(work, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** {@link #backingOff(Supplier)} with explicit back-off bounds (for tests). */
    static <T> Uni<T> backingOff(Supplier<Uni<? extends T>> work, Duration first, Duration longest,
            Duration longestWhileAway) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(Retries::isTransient)
                .invoke(failure -> LOG.warnf("a dependency is away, waiting for it: %s", failure.toString()))
                .onFailure(Retries::isTransient).retry().withBackOff(first, longestWhileAway).indefinitely()
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .invoke(failure -> LOG.warnf("retrying after a failure: %s", failure.toString()))
                .onFailure(failure -> !(failure instanceof InvalidEventException)).retry()
                .withBackOff(first, longest).atMost(ATTEMPTS);
    }

    /** {@code first} doubled {@code times} times, at most {@code longest}: the wait before a scheduled retry. */
    public static Duration doubling(Duration first, int times, Duration longest) {
        Duration delay = first;
        for (int i = 0; i < times && delay.compareTo(longest) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(longest) > 0 ? longest : delay;
    }

    /**
     * Whether a failure means that a dependency is away rather than that the work is wrong: an I/O error (connection
     * refused or reset, a closed channel), a timeout, Kafka's retriable errors, PostgreSQL's connection, resource and
     * shutdown states (SQLSTATE classes 08, 53, 57P), or a message saying a connection was closed or refused,
     * anywhere in the chain of causes.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidEventException) {
                return false;
            }
            if (cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
            String name = cause.getClass().getName();
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (name.endsWith("ConnectTimeoutException") || name.endsWith("ClosedConnectionException")
                    || message.contains("connection refused") || message.contains("connection is closed")
                    || message.contains("connection reset") || message.contains("failed to connect")) {
                return true;
            }
            if (name.equals("io.vertx.pgclient.PgException")) {
                String state = sqlState(cause);
                return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"));
            }
        }
        return false;
    }

    private static String sqlState(Throwable pgException) {
        try {
            return (String) pgException.getClass().getMethod("getSqlState").invoke(pgException);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
