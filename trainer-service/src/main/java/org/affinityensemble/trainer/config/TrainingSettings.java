package org.affinityensemble.trainer.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.TrainingSchedule;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.quarkus.ModelSettings;
import org.affinityensemble.training.run.MetaRetrainPolicy;

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

    /**
     * Epochs, learning rate, weight decay, batch size, maximum length (default the model's), seed and the label
     * embeddings' learning rate.
     */
    public TrainingConfig training() {
        return training(null);
    }

    /** A run's settings from {@code start} (null: the LoRA initialisation); A stays frozen if the start says so. */
    public TrainingConfig training(StartAdapter start) {
        return new TrainingConfig(config.epochs(), config.learningRate(), config.weightDecay(), config.batchSize(),
                config.maxLength().orElse(modelSettings.maxLength()), config.seed(),
                config.freezeA() || start != null && start.frozenA(), config.labelLearningRate());
    }

    /**
     * The schedule of the runs that start from {@code start}, as the gradient requests carry it to the affinity
     * service (its trajectory estimator follows it; A frozen or not travels in the start).
     */
    public TrainingSchedule schedule(StartAdapter start) {
        return training(start).schedule();
    }

    /** Whether this trainer trains a meta-initialisation θ* before any gradients are taken. */
    public boolean metaInitialised() {
        return metaInitEpochs() > 0;
    }

    /** θ*'s epochs; 0: no meta-initialisation. */
    public int metaInitEpochs() {
        return config.metaInit().epochs();
    }

    /** θ*'s settings: the run settings for {@code meta-init.epochs} (above 0), A and B trained. */
    public TrainingConfig metaInitialisation() {
        return training().withEpochs(metaInitEpochs()).withFreezeA(false);
    }

    /** The ready datasets θ* waits for. */
    public int metaInitMinDatasets() {
        return config.metaInit().minDatasets();
    }

    /** When θ* is trained again as data arrives ({@code meta-init.retrain-share}, ADR 0110). */
    public MetaRetrainPolicy metaRetrainPolicy() {
        return new MetaRetrainPolicy(config.metaInit().retrainShare());
    }

    /**
     * Where the affinity gradients are taken when adapters start from {@code adapterStart}: there, or with
     * {@code meta-init.affinity-start=lora-init} at the LoRA initialisation (null), ADR 0111.
     */
    public StartAdapter affinityStart(StartAdapter adapterStart) {
        return switch (config.metaInit().affinityStart()) {
            case "meta" -> adapterStart;
            case "lora-init" -> null;
            default -> throw new IllegalStateException("ensemble.trainer.meta-init.affinity-start must be meta or "
                    + "lora-init, got " + config.metaInit().affinityStart());
        };
    }

    public boolean metaInitFreezeA() {
        return config.metaInit().freezeA();
    }
}
