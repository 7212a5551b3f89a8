package org.affinityensemble.gradient.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.gradient.service.GradientWorker;
import org.affinityensemble.gradient.service.ShardLedger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** What the gradient workers compute under, and how far each dataset has come. */
@Path("/v1/gradients")
@Produces(MediaType.APPLICATION_JSON)
public class GradientResource {

    /** One published shard. */
    public record ShardView(int revision, String projectionId, int shard, int shardCount, int examples, String worker) {
    }

    @Inject
    GradientWorker worker;

    @Inject
    ShardLedger ledger;

    @GET
    @Path("projection")
    @Operation(summary = "The projection (model, LoRA configuration, seed, d) gradients are taken under")
    public ProjectionSpec projection() {
        return worker.projection();
    }

    @GET
    @Path("datasets/{id}")
    @Operation(summary = "The published shards of a dataset")
    public Uni<List<ShardView>> shards(@PathParam("id") String datasetId) {
        return ledger.shardsOf(datasetId).map(all -> all.stream().map(s -> new ShardView(s.revision, s.projectionId,
                s.shard, s.shardCount, s.examples, s.worker)).toList());
    }
}
