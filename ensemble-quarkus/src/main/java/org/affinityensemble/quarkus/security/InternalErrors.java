package org.affinityensemble.quarkus.security;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An exception no service maps itself becomes a 500 carrying only an error id; the message and stack trace go to
 * the service's log under that id. Services' own, more specific mappers (bad requests, unknown ids) still apply.
 */
public class InternalErrors {

    /** The media type of the answer: an RFC 7807 problem document. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = Logger.getLogger(InternalErrors.class);

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (e instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return web.getResponse();
        }
        return internal(e);
    }

    /** Logs {@code e} under a new error id and answers 500 with that id only. */
    public static Response internal(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "request failed: error id %s", errorId);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Internal error");
        problem.put("status", 500);
        problem.put("detail", "the request failed; the service's log has the cause under error id " + errorId);
        problem.put("errorId", errorId);
        return Response.status(500).type(PROBLEM_JSON).entity(problem).build();
    }
}
