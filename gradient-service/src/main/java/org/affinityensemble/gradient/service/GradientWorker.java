package org.affinityensemble.gradient.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.events.Vectors;
import org.affinityensemble.gradient.config.GradientSettings;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.quarkus.ModelSettings;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.storage.AdapterStore;
import org.affinityensemble.storage.ObjectStore;

/**
 * Computes a shard's per-example projected gradients: f0 = h(x) and Pᵀ∇h for each train and validation example,
 * under the projection every worker shares, at the point the request names: the LoRA initialisation, or a
 * meta-initialisation θ* read once from the object store (with A frozen after it, the gradient of B only, zeros
 * in A's coordinates).
 */
@ApplicationScoped
public class GradientWorker {

    @Inject
    LanguageModel model;

    @Inject
    ModelSettings modelSettings;

    @Inject
    GradientSettings settings;

    @Inject
    ObjectStore store;

    private volatile State state;
    private final Map<TaskLabels, TaskClassifier> classifiers = new ConcurrentHashMap<>();
    private final Map<String, LoraAdapter> starts = new ConcurrentHashMap<>();

    private record State(ProjectionSpec spec, LoraAdapter initial, RademacherProjection projection) {
    }

    /** The projection this worker's gradients are taken under at the LoRA initialisation. */
    public ProjectionSpec projection() {
        return state().spec();
    }

    /**
     * The projection of gradients taken at {@code start} (null: the LoRA initialisation). The gradients are those
     * of the LoRA parameters, which every task shares, and never of a task's own label embeddings even where the
     * adapters train them (ADR 0122): projected into the shared space, those private blocks were noise that
     * erased which datasets help each other.
     */
    public ProjectionSpec projection(StartAdapter start) {
        return state().spec().startingAt(start);
    }

    public GradientBatch compute(GradientRequest request) {
        State current = state();
        TaskClassifier classifier = classifier(new TaskLabels(request.datasetId(), request.labels(),
                request.prompt()));
        StartAdapter start = request.start();
        LoraAdapter at = start == null ? current.initial() : startAdapter(start.adapterId(), current.spec());
        ProjectedGradients gradients = new ProjectedGradients(new PerExampleGradients(classifier, settings.clip(),
                start != null && start.frozenA()), current.projection(), settings.batchSize());
        List<LabelledText> examples = request.items().stream()
                .map(item -> new LabelledText(request.datasetId(), item.text(), item.label())).toList();
        List<ProjectedGradient> results = gradients.compute(at, examples, settings.maxBatchTokens());
        List<GradientBatch.ExampleGradient> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            GradientRequest.Item item = request.items().get(i);
            out.add(new GradientBatch.ExampleGradient(item.sampleId(), item.split(), item.label(), results.get(i).f0(),
                    Vectors.encode(results.get(i).projected())));
        }
        return new GradientBatch(request.datasetId(), request.revision(), request.shard(), request.shardCount(),
                projection(start), out);
    }

    /**
     * The task's classifier (the encoder's label prototypes, or a decoder's prompt and label words), built once per
     * task, labels and prompt; labels or a prompt the model cannot use are bad input.
     */
    private TaskClassifier classifier(TaskLabels task) {
        try {
            return classifiers.computeIfAbsent(task, key -> model.classifier(List.of(key),
                    new ClassifierSettings(modelSettings.scale(), modelSettings.maxLength())));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("dataset " + task.taskId() + " cannot be scored by " + model.modelId()
                    + ": " + e.getMessage(), e);
        }
    }

    private LoraAdapter startAdapter(String adapterId, ProjectionSpec spec) {
        LoraAdapter cached = starts.get(adapterId);
        if (cached != null) {
            return cached;
        }
        LoraAdapter adapter;
        try {
            adapter = new AdapterStore(store).read(adapterId, model);
        } catch (AdapterStore.AdapterUnavailableException e) {
            throw new InvalidEventException("start adapter " + adapterId + " " + e.getMessage(), e);
        }
        LoraSpec expected = spec.lora();
        LoraSpec found = adapter.spec();
        if (found.rank() != expected.rank() || found.alpha() != expected.alpha()
                || !found.targets().equals(expected.targets())
                || adapter.layout().parameterCount() != spec.parameterCount()) {
            throw new InvalidEventException("start adapter " + adapterId + " has LoRA r=" + found.rank() + ", alpha="
                    + found.alpha() + ", targets " + found.targets() + "; this worker's projection is for r="
                    + expected.rank() + ", alpha=" + expected.alpha() + ", targets " + expected.targets());
        }
        starts.put(adapterId, adapter);
        return adapter;
    }

    private State state() {
        State current = state;
        if (current == null) {
            synchronized (this) {
                if (state == null) {
                    ProjectionSpec spec = ProjectedGradients.spec(model, modelSettings.loraSpec(),
                            modelSettings.maxLength(), settings.seed(), settings.dim());
                    state = new State(spec, model.initialAdapter(modelSettings.loraSpec()),
                            RademacherProjection.of(spec));
                }
                current = state;
            }
        }
        return current;
    }
}
