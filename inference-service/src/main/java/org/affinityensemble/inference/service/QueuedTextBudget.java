package org.affinityensemble.inference.service;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much text may wait for the model at once, in characters: the request count alone would let 2,048 requests of
 * 64 texts of 8,192 characters (about 2 GiB as Java strings) sit in a pod's queue.
 */
public final class QueuedTextBudget {

    private final long limit;
    private final AtomicLong queued = new AtomicLong();

    public QueuedTextBudget(long limitChars) {
        if (limitChars <= 0) {
            throw new IllegalArgumentException("the queued text limit must be positive: " + limitChars);
        }
        this.limit = limitChars;
    }

    /** Takes {@code chars} from the budget; false (and nothing taken) if they do not fit. */
    public boolean tryAcquire(long chars) {
        while (true) {
            long now = queued.get();
            if (now + chars > limit) {
                return false;
            }
            if (queued.compareAndSet(now, now + chars)) {
                return true;
            }
        }
    }

    /** Gives back what {@link #tryAcquire} took once the request has its answer. */
    public void release(long chars) {
        queued.addAndGet(-chars);
    }

    public long queued() {
        return queued.get();
    }
}
