package org.affinityensemble.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ensemble being served, swapped atomically. A request {@link #acquire acquires} a lease on the current
 * ensemble and keeps it until it has its answer; a swap makes the new ensemble current at once and drops the
 * slot's own reference to the old one, whose native memory is freed when its last lease closes. Thread-safe.
 */
public final class EnsembleSlot {

    /** A request's hold on one ensemble; closing it (once or more) gives the reference back. */
    public static final class Lease implements AutoCloseable {

        private final LoadedEnsemble ensemble;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(LoadedEnsemble ensemble) {
            this.ensemble = ensemble;
        }

        public LoadedEnsemble ensemble() {
            return ensemble;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                ensemble.release();
            }
        }
    }

    private final AtomicReference<LoadedEnsemble> current = new AtomicReference<>();
    private final List<LoadedEnsemble> retired = new ArrayList<>();

    /** A lease on the current ensemble, or empty while none is loaded. */
    public Optional<Lease> acquire() {
        while (true) {
            LoadedEnsemble ensemble = current.get();
            if (ensemble == null) {
                return Optional.empty();
            }
            if (ensemble.tryRetain()) {
                return Optional.of(new Lease(ensemble));
            }
            // Freed between the read and the retain: a swap happened, so the slot holds a newer one now.
        }
    }

    /** The current ensemble's version, or empty. */
    public Optional<LoadedEnsemble> peek() {
        return Optional.ofNullable(current.get());
    }

    /** Serves {@code next} from now on; the previous ensemble is freed once its in-flight requests end. */
    public void swap(LoadedEnsemble next) {
        LoadedEnsemble previous = current.getAndSet(next);
        if (previous != null) {
            synchronized (retired) {
                retired.add(previous);
            }
            previous.release();
        }
    }

    /** Empties the slot (at shutdown). */
    public void clear() {
        LoadedEnsemble previous = current.getAndSet(null);
        if (previous != null) {
            previous.release();
        }
    }

    /** Replaced ensembles whose memory is not freed yet because requests still hold them. */
    public int retiredInUse() {
        synchronized (retired) {
            retired.removeIf(LoadedEnsemble::isReleased);
            return retired.size();
        }
    }
}
