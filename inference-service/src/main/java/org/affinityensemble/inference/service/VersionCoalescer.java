package org.affinityensemble.inference.service;

import java.util.Optional;

/**
 * Decides which published ensemble versions to load. Versions at or below the one serving, loading or waiting
 * are skipped; a newer one replaces the one waiting, so a burst of events (a replay of the topic at start-up,
 * or several versions published while one loads) loads only the newest. A version whose load failed is tried
 * again only if it is published again. Thread-safe.
 *
 * @param <E> the event type carrying the version
 */
public final class VersionCoalescer<E> {

    /** Reads the version from an event. */
    @FunctionalInterface
    public interface VersionOf<E> {
        long version(E event);
    }

    private final VersionOf<E> versionOf;
    private long serving = Long.MIN_VALUE;
    private long loading = Long.MIN_VALUE;
    private E waiting;

    public VersionCoalescer(VersionOf<E> versionOf) {
        this.versionOf = versionOf;
    }

    /** Offers a published version; true if it is now the one waiting to load, false if skipped. */
    public synchronized boolean offer(E event) {
        long version = versionOf.version(event);
        long highest = Math.max(serving, loading);
        if (waiting != null) {
            highest = Math.max(highest, versionOf.version(waiting));
        }
        if (version <= highest) {
            return false;
        }
        waiting = event;
        return true;
    }

    /** Takes the version to load next (marking it loading), or empty if none is waiting. */
    public synchronized Optional<E> next() {
        E event = waiting;
        waiting = null;
        if (event != null) {
            loading = versionOf.version(event);
        }
        return Optional.ofNullable(event);
    }

    /** The version taken by {@link #next()} now serves. */
    public synchronized void loaded(E event) {
        serving = Math.max(serving, versionOf.version(event));
        loading = Long.MIN_VALUE;
    }

    /** The version taken by {@link #next()} could not be loaded; the one serving stays. */
    public synchronized void failed(E event) {
        loading = Long.MIN_VALUE;
    }
}
