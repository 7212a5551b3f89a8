package org.affinityensemble.quarkus.security;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.TimeoutHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every HTTP request gets an answer within {@code ensemble.http.request-timeout}: past it the service answers
 * 503 and the caller's connection is freed (the body size limit is Quarkus' {@code quarkus.http.limits.max-body-size}).
 */
@ApplicationScoped
public class RequestTimeLimit {

    @ConfigProperty(name = "ensemble.http.request-timeout", defaultValue = "60s")
    Duration timeout;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(TimeoutHandler.create(timeout.toMillis(), 503));
    }
}
