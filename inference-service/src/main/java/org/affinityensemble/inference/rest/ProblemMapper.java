package org.affinityensemble.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.affinityensemble.inference.service.RequestRejected;
import org.affinityensemble.quarkus.security.InternalErrors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every error of the REST API as an RFC 7807 problem document: a message for the caller's mistakes, only an
 * error id for the service's own ({@link InternalErrors}).
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response rejected(RequestRejected e) {
        Response.ResponseBuilder response = problem(e.status(), e.title(), e.getMessage());
        if (e.status() == 503) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return problem(400, "Malformed request", "the body is not valid JSON for this operation: "
                + e.getOriginalMessage()).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return problem(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        return InternalErrors.internal(e);
    }

    private static Response.ResponseBuilder problem(int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail));
    }
}
