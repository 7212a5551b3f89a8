package org.affinityensemble.model.gradient;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.affinityensemble.model.runtime.DjlRuntime;

/**
 * Blocks of rows of projection matrices kept in native memory, on the device the gradients are on, for the life of
 * the process: every batch of gradients is multiplied by the same blocks of P, and generating a block in Java and
 * copying it to native memory (or a GPU) for every batch cost more than the multiplication itself. A block is a pure
 * function of (seed, D, d, first row, rows), so one cache serves every projection object with the same parameters,
 * in any thread. At most {@value #BUDGET_BYTES} bytes are kept; past that, blocks are made for each use as before
 * (a decoder's millions of LoRA parameters do not fit; MiniLM's do). Thread-safe.
 */
final class ProjectionBlocks {

    /** Native bytes the cache may hold over all projections and devices (256 MiB). */
    static final long BUDGET_BYTES = 256L << 20;

    private static final Map<Device, NDManager> MANAGERS = new ConcurrentHashMap<>();
    private static final Map<Key, NDArray> BLOCKS = new ConcurrentHashMap<>();
    private static final AtomicLong HELD = new AtomicLong();

    private ProjectionBlocks() {
    }

    /**
     * Rows {@code firstRow .. firstRow+rows-1} of {@code projection} as a float32 [rows, d] array on
     * {@code device}: the cached one (never close it), or, once the budget is spent, a new one attached to
     * {@code scope}.
     */
    static NDArray rows(RademacherProjection projection, long firstRow, int rows, Device device, NDManager scope) {
        Key key = new Key(projection.seed(), projection.inputDim(), projection.outputDim(), firstRow, rows, device);
        NDArray cached = BLOCKS.get(key);
        if (cached != null) {
            return cached;
        }
        long bytes = (long) rows * projection.outputDim() * Float.BYTES;
        NDArray made = BLOCKS.computeIfAbsent(key, k -> {
            if (HELD.addAndGet(bytes) > BUDGET_BYTES) {
                HELD.addAndGet(-bytes);
                return null; // nothing cached
            }
            return create(projection, firstRow, rows,
                    MANAGERS.computeIfAbsent(device, d -> DjlRuntime.engine().newBaseManager(d)));
        });
        return made != null ? made : create(projection, firstRow, rows, scope);
    }

    /** Bytes the cache holds (for tests). */
    static long heldBytes() {
        return HELD.get();
    }

    private static NDArray create(RademacherProjection projection, long firstRow, int rows, NDManager manager) {
        float[] block = new float[rows * projection.outputDim()];
        projection.fillRows(firstRow, rows, block);
        return manager.create(block, new Shape(rows, projection.outputDim()));
    }

    private record Key(long seed, long inputDim, int outputDim, long firstRow, int rows, Device device) {
    }
}
