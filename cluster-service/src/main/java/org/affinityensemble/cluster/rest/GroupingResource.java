package org.affinityensemble.cluster.rest;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.affinityensemble.cluster.service.GroupingService;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The current grouping of tasks. */
@Path("/v1/groupings")
@Produces(MediaType.APPLICATION_JSON)
public class GroupingResource {

    /** One grouping version. */
    public record GroupingView(String projectionId, long version, long affinityVersion, Map<String, List<String>> groups,
            List<String> changed, double objective, String method, double seconds) {
    }

    @Inject
    GroupingService groupings;

    @GET
    @Operation(summary = "The newest grouping")
    public Uni<GroupingView> latest() {
        return groupings.latestOfAll().map(v -> {
            if (v == null) {
                throw new NotFoundException("no grouping yet");
            }
            return new GroupingView(v.projectionId, v.version, v.affinityVersion, GroupingService.groupsOf(v),
                    GroupingService.changedOf(v), v.objective, v.method, v.seconds);
        });
    }
}
