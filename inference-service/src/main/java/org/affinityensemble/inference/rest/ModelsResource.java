package org.affinityensemble.inference.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.TreeMap;
import org.affinityensemble.inference.config.InferenceSettings;
import org.affinityensemble.inference.service.EnsembleManager;
import org.affinityensemble.serving.LoadedEnsemble;
import org.affinityensemble.serving.ServingMode;
import org.affinityensemble.storage.EnsembleManifest;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What this instance serves: the ensemble version, its adapters and base model, and the last load error. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    @Inject
    EnsembleManager ensembles;

    @Inject
    InferenceSettings settings;

    @GET
    @Operation(summary = "The serving ensemble version, its adapters, the base model and the last load error")
    public ModelsView models() {
        return new ModelsView(ensembles.baseModelId(), ensembles.baseArchitecture(),
                settings.defaultMode().wireName(),
                Arrays.stream(ServingMode.values()).map(ServingMode::wireName).toList(),
                ensembles.serving().map(ModelsResource::serving).orElse(null), ensembles.lastError().orElse(null));
    }

    private static ModelsView.Serving serving(LoadedEnsemble ensemble) {
        EnsembleManifest manifest = ensemble.manifest();
        return new ModelsView.Serving(manifest.ensembleVersion(), manifest.baseModelId(), manifest.groupingVersion(),
                ensemble.loadedAt(), manifest.createdAt(), manifest.maxLength(), manifest.scale(),
                manifest.adapters().stream().map(a -> new ModelsView.Adapter(a.adapterId(), a.kind().name(),
                        a.groupId(), a.tasks(), a.prefix(), new TreeMap<>(a.metrics()))).toList(),
                manifest.tasks().keySet().stream().sorted().map(task -> new ModelsView.Task(task,
                        ensemble.labels(task), ensemble.weights(task), ensemble.probeWeight(task),
                        manifest.tasks().get(task).validationAccuracy())).toList());
    }
}
