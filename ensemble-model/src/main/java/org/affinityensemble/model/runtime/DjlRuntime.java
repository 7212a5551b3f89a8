package org.affinityensemble.model.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The one entry point to DJL's PyTorch engine. It switches DJL to offline mode ({@code ai.djl.offline=true},
 * unless the property was set explicitly) before anything of DJL runs, so the engine and the tokenizers use only
 * the native libraries bundled in their jars ({@code pytorch-native-cpu} or {@code pytorch-native-cu124}) and
 * never download, nor "call home". DJL unpacks those libraries under {@code DJL_CACHE_DIR} (system property or
 * environment variable; default {@code ~/.djl.ai}).
 *
 * <p>PyTorch's autograd recorder in DJL is process-wide: only one {@code GradientCollector} may be open at a time.
 * Every gradient computation and training step of this module holds {@link #autogradLock()} while it records, so
 * concurrent callers queue instead of failing; inference needs no lock.
 */
public final class DjlRuntime {

    public static final String OFFLINE_PROPERTY = "ai.djl.offline";
    public static final String ENGINE_NAME = "PyTorch";

    private static final ReentrantLock AUTOGRAD = new ReentrantLock(true);

    private DjlRuntime() {
    }

    /** Sets DJL's offline mode unless the property is already set; call before any other DJL class is used. */
    public static void ensureOffline() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
    }

    /** The PyTorch engine, loaded offline on first use. */
    public static Engine engine() {
        ensureOffline();
        return Engine.getEngine(ENGINE_NAME);
    }

    /** A new top-level manager on the engine's default device (CPU here, the GPU with the CUDA native jar). */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /** The lock every autograd recording holds (see the class comment). */
    public static ReentrantLock autogradLock() {
        return AUTOGRAD;
    }
}
