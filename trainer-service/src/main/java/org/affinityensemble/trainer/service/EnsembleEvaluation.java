package org.affinityensemble.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.trainer.config.TrainerConfig;
import org.affinityensemble.trainer.config.TrainingSettings;
import org.affinityensemble.training.AdapterLogits;
import org.affinityensemble.training.EnsembleEvaluator;
import org.affinityensemble.training.EnsembleProcedure;
import org.affinityensemble.training.EnsembleWeightFitter;
import org.affinityensemble.training.EnsembleWeighting;
import org.affinityensemble.training.LogitCache;
import org.affinityensemble.training.TaskClassifiers;

/**
 * The model-side tools of the coordinator, created on first use (loading the model): the evaluator (weights,
 * boosting target, scores) with a logit cache shared by successive builds, and adapters read from the object store
 * (kept in memory by id: an adapter never changes once stored).
 */
@ApplicationScoped
public class EnsembleEvaluation {

    private static final int CACHED_LOGITS = 1024;

    @Inject
    BaseModel model;

    @Inject
    ObjectStore store;

    @Inject
    TrainerConfig config;

    @Inject
    TrainingSettings settings;

    private final Map<String, LoraAdapter> adapters = new ConcurrentHashMap<>();
    private volatile EnsembleEvaluator evaluator;

    public synchronized EnsembleEvaluator evaluator() {
        if (evaluator == null) {
            TaskClassifiers classifiers = new TaskClassifiers(model,
                    new ClassifierSettings(settings.model().scale(), settings.training().maxLength()));
            evaluator = new EnsembleEvaluator(new AdapterLogits(classifiers), new EnsembleWeighting(
                    EnsembleWeightFitter.withLambda(config.weights().l2()), config.boosting().eta()),
                    new LogitCache(CACHED_LOGITS));
        }
        return evaluator;
    }

    /** The build procedure with this trainer's boosting rounds, weights learned on validation data. */
    public EnsembleProcedure procedure() {
        return new EnsembleProcedure(evaluator(), new EnsembleProcedure.Options(config.boosting().steps(), true));
    }

    public LoraAdapter adapter(String adapterId) {
        return adapters.computeIfAbsent(adapterId, id -> new AdapterStore(store).read(id, model.config()));
    }
}
