package org.affinityensemble.model.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one entry point to DJL's PyTorch engine. It switches DJL to offline mode ({@code ai.djl.offline=true},
 * unless the property was set explicitly) before anything of DJL runs, so the engine and the tokenizers use only
 * the native libraries bundled in their jars ({@code pytorch-native-cpu} or {@code pytorch-native-cu124}) and
 * never download, nor "call home". DJL unpacks those libraries under {@code DJL_CACHE_DIR} (system property or
 * environment variable; default {@code ~/.djl.ai}).
 *
 * <p>It also sets {@code OMP_WAIT_POLICY=PASSIVE} in the process environment (unless already set) before libtorch
 * loads its OpenMP runtime: with the default active waiting, OpenMP threads spin at every barrier, and on a shared
 * machine (one other busy process on 2 cores) a forward pass measured 25 times slower; with passive waiting,
 * 3 times (the fair share). Deployments may set the variable themselves; an explicit value is kept.
 *
 * <p>PyTorch's autograd recorder in DJL is process-wide: only one {@code GradientCollector} may be open at a time.
 * Every gradient computation and training step of this module holds {@link #autogradLock()} while it records, so
 * concurrent callers queue instead of failing; inference needs no lock.
 */
public final class DjlRuntime {

    public static final String OFFLINE_PROPERTY = "ai.djl.offline";
    public static final String ENGINE_NAME = "PyTorch";
    public static final String OPENMP_WAIT_POLICY = "OMP_WAIT_POLICY";

    private static final ReentrantLock AUTOGRAD = new ReentrantLock(true);

    private DjlRuntime() {
    }

    /**
     * Sets DJL's offline mode and passive OpenMP waiting unless already set; call before any other DJL class is
     * used (every loader of this module does).
     */
    public static synchronized void ensureOffline() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        if (System.getenv(OPENMP_WAIT_POLICY) == null) {
            setNativeEnvironment(OPENMP_WAIT_POLICY, "PASSIVE");
        }
    }

    /** POSIX setenv without overwriting, so native libraries loaded afterwards see the value. */
    private static void setNativeEnvironment(String name, String value) {
        try {
            Native.load("c", PosixEnvironment.class).setenv(name, value, 0);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // Not a POSIX C library (Windows): OpenMP keeps its default; only performance is affected.
        }
    }

    /** The one libc function needed. */
    private interface PosixEnvironment extends Library {
        int setenv(String name, String value, int overwrite);
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
