package org.affinityensemble.trainer.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.quarkus.ModelSettings;
import org.affinityensemble.trainer.execution.BaseModels;
import org.affinityensemble.trainer.execution.ModelReference;

/**
 * The base model of this trainer ({@code ensemble.model.*}), loaded on first use rather than at start-up: the
 * registry and a coordinator whose runs execute as Jobs may never need it.
 */
@ApplicationScoped
public class ModelProducer {

    /** The model and classifier scale runs are given, without loading the model. */
    @Produces
    @Singleton
    ModelReference modelReference(ModelSettings settings) {
        return settings.dir().map(dir -> new ModelReference(settings.id().orElse(dir.getFileName().toString()),
                dir.toString(), settings.scale()))
                .orElseGet(() -> new ModelReference(MiniLmJar.MODEL_ID, null, settings.scale()));
    }

    @Produces
    @ApplicationScoped
    BaseModel baseModel(ModelReference reference) {
        return BaseModels.load(reference);
    }

    void close(@Disposes BaseModel model) {
        model.close();
    }
}
