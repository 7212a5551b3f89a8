package org.affinityensemble.model.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.MiniLmJar;

/** The real all-MiniLM-L6-v2, loaded once per test JVM and shared by the test classes (inference is thread-safe). */
public final class TestModels {

    private static BaseModel miniLm;

    private TestModels() {
    }

    public static synchronized BaseModel miniLm() {
        if (miniLm == null) {
            try {
                miniLm = MiniLmJar.load();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return miniLm;
    }
}
