package org.affinityensemble.affinity.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.affinityensemble.affinity.entity.AffinityVersion;
import org.affinityensemble.affinity.service.AffinityService;
import org.affinityensemble.events.EventCodec;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The current affinity matrix. */
@Path("/v1/affinity")
@Produces(MediaType.APPLICATION_JSON)
public class AffinityResource {

    /** One version of the matrix, and the estimator behind it ({@code ridge(lambda=0.005)}, {@code trajectory(…)}). */
    public record AffinityView(String projectionId, long version, List<String> tasks, double[][] matrix, int subsets,
            int subsetsEstimated, double seconds, String metric, String estimator) {
    }

    @Inject
    AffinityService affinity;

    @GET
    @Operation(summary = "The newest affinity matrix")
    public Uni<AffinityView> latest() {
        return affinity.latestOfAll().map(version -> {
            if (version == null) {
                throw new NotFoundException("no affinity matrix yet: no dataset's gradients are complete");
            }
            return view(version);
        });
    }

    @GET
    @Path("{projectionId}")
    @Operation(summary = "The newest affinity matrix of one projection (gradients taken at one point)")
    public Uni<AffinityView> latest(@PathParam("projectionId") String projectionId) {
        return affinity.latest(projectionId).map(version -> {
            if (version == null) {
                throw new NotFoundException("no affinity matrix of projection " + projectionId);
            }
            return view(version);
        });
    }

    static AffinityView view(AffinityVersion v) {
        try {
            return new AffinityView(v.projectionId, v.version,
                    EventCodec.mapper().readValue(v.tasksJson, new TypeReference<List<String>>() {
                    }), EventCodec.mapper().readValue(v.matrixJson, double[][].class), v.subsets, v.subsetsEstimated,
                    v.seconds, v.metric, v.estimator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
