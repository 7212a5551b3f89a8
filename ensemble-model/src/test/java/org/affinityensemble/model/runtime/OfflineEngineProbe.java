package org.affinityensemble.model.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.encoder.TextTokenizer;

/**
 * Child-JVM main of {@link OfflineEngineTest}: records every URI Java's networking asks a proxy for (routing it to
 * a closed port so that nothing could be fetched), then loads the engine through {@link DjlRuntime}, runs an
 * operator and tokenizes a sentence, and prints what it saw, including the OpenMP wait policy libtorch found.
 */
public final class OfflineEngineProbe {

    private OfflineEngineProbe() {
    }

    public static void main(String[] args) throws IOException {
        List<URI> lookups = new CopyOnWriteArrayList<>();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                lookups.add(uri);
                return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 9)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                lookups.add(uri);
            }
        });
        Engine engine = DjlRuntime.engine();
        float sum;
        try (NDManager manager = DjlRuntime.newManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            sum = a.matMul(a).sum().getFloat();
        }
        byte[] tokenizerJson;
        try (InputStream in = MiniLmJar.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            tokenizerJson = in.readAllBytes();
        }
        int tokens;
        try (TextTokenizer tokenizer = new TextTokenizer(tokenizerJson)) {
            tokens = tokenizer.encode(List.of("Works offline."), 16).length();
        }
        System.out.println("engine=" + engine.getEngineName());
        System.out.println("version=" + engine.getVersion());
        System.out.println("offline=" + System.getProperty(DjlRuntime.OFFLINE_PROPERTY));
        System.out.println("sum=" + sum);
        System.out.println("tokens=" + tokens);
        System.out.println("lookups=" + lookups.size() + " " + lookups);
        System.out.println("ompWaitPolicy=" + Native.load("c", PosixEnvironment.class).getenv("OMP_WAIT_POLICY"));
    }

    /** Reads the native environment (Java's System.getenv is a snapshot taken at JVM start). */
    private interface PosixEnvironment extends Library {
        String getenv(String name);
    }
}
