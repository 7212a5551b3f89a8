package org.affinityensemble.inference.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.HfModelDirectory;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.quarkus.ModelSettings;

/** Loads the base encoder once, at start-up (a few seconds; the startup probe waits for it). */
@ApplicationScoped
public class ModelProducer {

    @Produces
    @Startup
    @ApplicationScoped
    BaseModel baseModel(ModelSettings settings) {
        try {
            if (settings.dir().isPresent()) {
                return HfModelDirectory.load(settings.dir().get(),
                        settings.id().orElse(settings.dir().get().getFileName().toString()));
            }
            return MiniLmJar.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the base model", e);
        }
    }

    void close(@Disposes BaseModel model) {
        model.close();
    }
}
