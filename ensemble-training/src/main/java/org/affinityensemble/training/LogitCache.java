package org.affinityensemble.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers computed logits by (adapter id, task, split, data version), least recently used first out, so that the
 * steps of one ensemble (weights, boosting, evaluation) and the next grouping version do not run an unchanged
 * adapter over unchanged data twice. Adapters are immutable once stored, so an adapter id names fixed logits.
 * Thread-safe.
 */
public final class LogitCache {

    /** What a cached entry is the logits of. {@code adapterId} null: the frozen model. */
    public record Key(String adapterId, String taskId, String split, String dataVersion) {
    }

    private final int capacity;
    private final Map<Key, float[][]> entries;

    public LogitCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The cached logits, or computes and keeps them (outside the lock, so a slow computation blocks no reader). */
    public float[][] get(Key key, Supplier<float[][]> compute) {
        synchronized (entries) {
            float[][] cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        float[][] computed = compute.get();
        synchronized (entries) {
            entries.put(key, computed);
            while (entries.size() > capacity) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
        return computed;
    }
}
