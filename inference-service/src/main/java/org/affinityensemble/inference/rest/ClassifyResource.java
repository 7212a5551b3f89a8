package org.affinityensemble.inference.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.affinityensemble.inference.service.ClassificationService;
import org.affinityensemble.inference.service.RequestRejected;
import org.affinityensemble.serving.Classification;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Classifies texts of a task with the serving ensemble. */
@Path("/v1/classify")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ClassifyResource {

    @Inject
    ClassificationService service;

    @POST
    @Operation(summary = "Labels, probabilities and (with explain) each adapter's contribution for each text")
    public Uni<Classification> classify(ClassifyRequest request) {
        if (request == null) {
            throw RequestRejected.badRequest("the body is empty: send {\"task\": ..., \"texts\": [...]}");
        }
        Context context = Vertx.currentContext();
        Uni<Classification> answer = Uni.createFrom().completionStage(() -> service.classify(request.task(),
                request.texts(), request.mode(), Boolean.TRUE.equals(request.explain())));
        // The batcher's thread completes the answer; the response is written back on the request's own context.
        return context == null ? answer : answer.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
