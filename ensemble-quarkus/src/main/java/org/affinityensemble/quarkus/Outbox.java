package org.affinityensemble.quarkus;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The outbox of a service's published versions (ADR 0100): a version is stored as pending in the same transaction
 * that computes it, and {@link #drain()} sends the pending ones in order, marking each published once Kafka
 * acknowledged it. Called after each stored version and on a timer, so a version saved by a process that died
 * before publishing it, or while the broker was away, is published later; one drain runs at a time (a call during
 * a drain makes it go round again), so nothing is sent twice by one process.
 *
 * @param <R> the stored row of a version
 */
public final class Outbox<R> {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private final String name;
    private final MutinyEmitter<String> emitter;
    private final Supplier<Uni<List<R>>> pending;
    private final Function<R, Message<String>> message;
    private final Function<R, Uni<Void>> markPublished;
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param pending the unpublished rows, oldest first
     * @param message the event of a row, keyed
     * @param markPublished records (in its own transaction) that a row was published
     */
    public Outbox(String name, MutinyEmitter<String> emitter, Supplier<Uni<List<R>>> pending,
            Function<R, Message<String>> message, Function<R, Uni<Void>> markPublished) {
        this.name = name;
        this.emitter = emitter;
        this.pending = pending;
        this.message = message;
        this.markPublished = markPublished;
    }

    /**
     * Publishes every pending row; completes when they are published, or at once when another drain is running
     * (it will also publish what this caller stored). Must run on a Vert.x context where the database session
     * lives; a failure (the broker or the database away) leaves the rows pending for the next drain.
     */
    public Uni<Integer> drain() {
        if (requests.getAndIncrement() > 0) {
            return Uni.createFrom().item(0);
        }
        return round(0).onFailure().invoke(failure -> {
            requests.set(0);
            LOG.warnf("%s outbox: publication failed, retried on the next drain: %s", name, failure.toString());
        });
    }

    private Uni<Integer> round(int sentBefore) {
        int seen = requests.get();
        Context context = Vertx.currentContext();
        return Uni.createFrom().deferred(pending::get).flatMap(rows -> sendAll(rows, 0, context))
                .flatMap(sent -> requests.addAndGet(-seen) > 0 ? round(sentBefore + sent)
                        : Uni.createFrom().item(sentBefore + sent));
    }

    private Uni<Integer> sendAll(List<R> rows, int index, Context context) {
        if (index == rows.size()) {
            return Uni.createFrom().item(index);
        }
        R row = rows.get(index);
        Uni<Void> sent = emitter.sendMessage(message.apply(row));
        if (context != null) {
            // The acknowledgement arrives on the producer's thread: the database work continues on the caller's context.
            sent = sent.emitOn(command -> context.runOnContext(ignored -> command.run()));
        }
        return sent.flatMap(ignored -> markPublished.apply(row)).flatMap(ignored -> sendAll(rows, index + 1, context));
    }
}
