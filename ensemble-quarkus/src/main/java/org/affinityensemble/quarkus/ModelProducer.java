package org.affinityensemble.quarkus;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.LanguageModels;

/**
 * The base model of a service that runs it ({@code ensemble.model.enabled=true} at build time;
 * {@code ensemble.model.*}): its reference (id, directory, classifier scale) without loading it, and the loaded
 * model, at start-up when {@code ensemble.model.load-at-start} (the startup probe waits for it) or else on first
 * use (a trainer whose runs execute as Jobs may never need it).
 */
@Singleton
@IfBuildProperty(name = "ensemble.model.enabled", stringValue = "true")
public class ModelProducer {

    @Produces
    @Singleton
    ModelReference modelReference(ModelSettings settings) {
        return settings.dir().map(dir -> new ModelReference(settings.id().orElse(dir.getFileName().toString()),
                dir.toString(), settings.scale(), settings.baseType()))
                .orElseGet(() -> new ModelReference(MiniLmJar.MODEL_ID, null, settings.scale()));
    }

    @Produces
    @ApplicationScoped
    LanguageModel baseModel(ModelReference reference) {
        return LanguageModels.load(reference);
    }

    /**
     * Loads the model while the service starts, and checks the configured LoRA targets against it there (an encoder
     * adapts q, k, v, o; a decoder also gate, up, down), so a wrong combination stops the start with the reason
     * instead of failing every request.
     */
    void loadAtStart(@Observes StartupEvent started, ModelSettings settings, Instance<LanguageModel> model) {
        if (settings.loadAtStart()) {
            LanguageModel loaded = model.get();
            try {
                loaded.layout(settings.loraSpec());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ensemble.model.lora.targets " + settings.lora().targets()
                        + " do not fit " + loaded.modelId() + " (" + loaded.architecture() + "): " + e.getMessage(), e);
            }
        }
    }

    void close(@Disposes LanguageModel model) {
        model.close();
    }
}
