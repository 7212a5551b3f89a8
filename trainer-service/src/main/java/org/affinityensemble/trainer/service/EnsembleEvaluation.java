package org.affinityensemble.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.trainer.config.TrainerConfig;
import org.affinityensemble.trainer.config.TrainingSettings;
import org.affinityensemble.training.AdapterLogits;
import org.affinityensemble.training.Baselines;
import org.affinityensemble.training.EnsembleEvaluator;
import org.affinityensemble.training.EnsembleProcedure;
import org.affinityensemble.training.EnsembleWeightFitter;
import org.affinityensemble.training.EnsembleWeighting;
import org.affinityensemble.training.LogitCache;
import org.affinityensemble.training.TaskClassifiers;
import org.affinityensemble.training.TaskData;

/**
 * The model-side tools of the coordinator, created on first use (loading the model): the evaluator (weights,
 * boosting target, scores) with a logit cache shared by successive builds, the baselines each task's ensemble is
 * compared with, and adapters read from the object store (kept in memory by id: an adapter never changes once
 * stored).
 */
@ApplicationScoped
public class EnsembleEvaluation {

    private static final int CACHED_LOGITS = 1024;

    @Inject
    LanguageModel model;

    @Inject
    ObjectStore store;

    @Inject
    TrainerConfig config;

    @Inject
    TrainingSettings settings;

    private final Map<String, LoraAdapter> adapters = new ConcurrentHashMap<>();
    private final Map<String, Baselines.TaskBaselines> baselines = new ConcurrentHashMap<>();
    private volatile TaskClassifiers classifiers;
    private volatile EnsembleEvaluator evaluator;

    private synchronized TaskClassifiers classifiers() {
        if (classifiers == null) {
            classifiers = new TaskClassifiers(model,
                    new ClassifierSettings(settings.model().scale(), settings.training().maxLength()));
        }
        return classifiers;
    }

    public synchronized EnsembleEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = new EnsembleEvaluator(new AdapterLogits(classifiers()), new EnsembleWeighting(
                    EnsembleWeightFitter.withLambda(config.weights().l2()), config.boosting().eta()),
                    new LogitCache(CACHED_LOGITS));
        }
        return evaluator;
    }

    /**
     * The build procedure with this trainer's boosting rounds, weights learned on validation data, and each task's
     * probe member unless turned off.
     */
    public EnsembleProcedure procedure() {
        return new EnsembleProcedure(evaluator(), new EnsembleProcedure.Options(config.boosting().steps(), true,
                config.probeMember()), this::baselines);
    }

    /**
     * The zero-shot model and the linear probe on the frozen encoder for one task revision, on its stored splits
     * (kept in memory by task and revision: a revision's splits never change).
     */
    public Baselines.TaskBaselines baselines(TaskData task) {
        return baselines.computeIfAbsent(task.taskId() + "@" + task.revision(), key -> Baselines.of(classifiers(),
                settings.training().maxLength(), task));
    }

    public LoraAdapter adapter(String adapterId) {
        return adapters.computeIfAbsent(adapterId, id -> new AdapterStore(store).read(id, model));
    }
}
