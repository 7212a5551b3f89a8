package org.affinityensemble.trainer.ensemble;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.quarkus.ModelSettings;
import org.affinityensemble.trainer.config.TrainerConfig;
import org.affinityensemble.trainer.execution.ModelReference;

/** The model, LoRA and training settings every run of this trainer gets, from configuration. */
@ApplicationScoped
public class TrainingSettings {

    @Inject
    TrainerConfig config;

    @Inject
    ModelSettings modelSettings;

    @Inject
    ModelReference model;

    public ModelReference model() {
        return model;
    }

    public LoraSpec lora() {
        return modelSettings.loraSpec();
    }

    /** Epochs, learning rate, weight decay, batch size, maximum length (default the model's) and seed. */
    public TrainingConfig training() {
        return new TrainingConfig(config.epochs(), config.learningRate(), config.weightDecay(), config.batchSize(),
                config.maxLength().orElse(modelSettings.maxLength()), config.seed(), config.freezeA());
    }
}
