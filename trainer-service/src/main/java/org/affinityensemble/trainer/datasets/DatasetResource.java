package org.affinityensemble.trainer.datasets;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dataset registry, read-only over HTTP (datasets arrive through Kafka). */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    /** What the registry knows of a dataset ({@code shortfall}: why it holds fewer samples than announced). */
    public record DatasetView(String id, List<String> labels, String description, String state, Long announcedCount,
            long accepted, long rejected, String shortfall, int revision, long train, long validation, long test,
            String contentSha256) {

        static DatasetView of(DatasetRegistry.DatasetStatus status) {
            Dataset d = status.dataset();
            return new DatasetView(d.id, d.labels, d.description, d.state.name(), d.announcedCount, status.accepted(),
                    status.rejected(), d.shortfall, d.revision, d.trainCount, d.validationCount, d.testCount,
                    d.contentSha256);
        }
    }

    @Inject
    DatasetRegistry registry;

    @GET
    @Operation(summary = "All registered datasets")
    public Uni<List<DatasetView>> list() {
        return registry.statuses().map(all -> all.stream().map(DatasetView::of).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One dataset: labels, state and split counts")
    public Uni<DatasetView> get(@PathParam("id") String id) {
        return registry.status(id).map(status -> {
            if (status == null) {
                throw new NotFoundException("no dataset '" + id + "'");
            }
            return DatasetView.of(status);
        });
    }
}
