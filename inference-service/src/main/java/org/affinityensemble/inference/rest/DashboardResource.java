package org.affinityensemble.inference.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.affinityensemble.inference.service.DashboardService;
import org.affinityensemble.inference.service.DashboardSnapshot;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The dashboard's data (the page at {@code /} renders it). */
@Path("/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    @Inject
    DashboardService dashboard;

    @GET
    @Operation(summary = "Datasets, affinity matrix, groups, adapters and weights, accuracies, pipeline progress")
    public DashboardSnapshot dashboard() {
        return dashboard.snapshot();
    }
}
