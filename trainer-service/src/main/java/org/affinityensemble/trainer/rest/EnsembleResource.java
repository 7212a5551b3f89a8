package org.affinityensemble.trainer.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.affinityensemble.quarkus.Offload;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.ObjectStore;
import org.affinityensemble.trainer.entity.EnsembleBuild;
import org.affinityensemble.trainer.entity.TaskResult;
import org.affinityensemble.trainer.service.BuildLedger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The ensemble versions this trainer built (ready or published), and their manifests. */
@Path("/v1/ensembles")
@Produces(MediaType.APPLICATION_JSON)
public class EnsembleResource {

    /** An ensemble version in brief. */
    public record EnsembleView(long ensembleVersion, long groupingVersion, String state, String manifestKey,
            Map<String, TaskResult> scores) {
    }

    @Inject
    BuildLedger builds;

    @Inject
    ObjectStore store;

    @GET
    @Operation(summary = "Every ensemble version, oldest first")
    public Uni<List<EnsembleView>> list() {
        return builds.all().map(all -> all.stream().filter(b -> b.ensembleVersion != null
                && (b.state == EnsembleBuild.State.READY || b.state == EnsembleBuild.State.PUBLISHED))
                .map(b -> new EnsembleView(b.ensembleVersion, b.groupingVersion, b.state.name(), b.manifestKey,
                        b.scores))
                .toList());
    }

    @GET
    @Path("{version}")
    @Operation(summary = "The manifest of an ensemble version: adapters, per-task weights, labels, accuracy")
    public Uni<EnsembleManifest> manifest(@PathParam("version") long version) {
        return builds.buildOfEnsemble(version).flatMap(build -> {
            if (build == null || build.manifestKey == null) {
                throw new NotFoundException("no ensemble version " + version);
            }
            return Offload.blocking(() -> EnsembleManifest.fromJson(store.get(build.manifestKey)));
        });
    }
}
