package org.affinityensemble.gradient.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.events.GradientBatch;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.Vectors;
import org.affinityensemble.gradient.config.GradientSettings;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.quarkus.ModelSettings;

/**
 * Computes a shard's per-example projected gradients at the LoRA initialisation: f0 = h(x) and Pᵀ∇h for each
 * train and validation example, under the projection every worker shares.
 */
@ApplicationScoped
public class GradientWorker {

    @Inject
    BaseModel model;

    @Inject
    ModelSettings modelSettings;

    @Inject
    GradientSettings settings;

    private volatile State state;
    private final Map<String, LabelPrototypes> prototypes = new ConcurrentHashMap<>();

    private record State(ProjectionSpec spec, LoraAdapter initial, RademacherProjection projection) {
    }

    /** The projection this worker's gradients are taken under. */
    public ProjectionSpec projection() {
        return state().spec();
    }

    public GradientBatch compute(GradientRequest request) {
        State current = state();
        List<String> labels = request.labels();
        LabelPrototypes taskPrototypes = prototypes.computeIfAbsent(request.datasetId() + "|" + String.join("\u0001",
                labels), key -> LabelPrototypes.embed(model, List.of(new TaskLabels(request.datasetId(), labels)),
                modelSettings.maxLength()));
        PrototypeClassifier classifier = new PrototypeClassifier(model, taskPrototypes,
                new ClassifierSettings(modelSettings.scale(), modelSettings.maxLength()));
        ProjectedGradients gradients = new ProjectedGradients(new PerExampleGradients(classifier, settings.clip()),
                current.projection(), settings.batchSize());
        List<LabelledText> examples = request.items().stream()
                .map(item -> new LabelledText(request.datasetId(), item.text(), item.label())).toList();
        List<ProjectedGradient> results = gradients.compute(current.initial(), examples);
        List<GradientBatch.ExampleGradient> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            GradientRequest.Item item = request.items().get(i);
            out.add(new GradientBatch.ExampleGradient(item.sampleId(), item.split(), item.label(), results.get(i).f0(),
                    Vectors.encode(results.get(i).projected())));
        }
        return new GradientBatch(request.datasetId(), request.revision(), request.shard(), request.shardCount(),
                current.spec(), out);
    }

    private State state() {
        State current = state;
        if (current == null) {
            synchronized (this) {
                if (state == null) {
                    ProjectionSpec spec = ProjectedGradients.spec(model, modelSettings.loraSpec(),
                            modelSettings.maxLength(), settings.seed(), settings.dim());
                    state = new State(spec, LoraAdapter.initialise(modelSettings.loraSpec(), model.config()),
                            RademacherProjection.of(spec));
                }
                current = state;
            }
        }
        return current;
    }
}
