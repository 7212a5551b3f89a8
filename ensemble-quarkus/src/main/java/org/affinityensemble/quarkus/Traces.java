package org.affinityensemble.quarkus;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.MDC;

/**
 * Carries a trace across the services' asynchronous hand-overs: a message's trace context is kept with what it
 * started (a dataset, a build) as a W3C {@code traceparent}, and the work that continues it later on another
 * thread (sending a dataset's gradient requests, publishing a build's ensemble) runs in a span of that trace. Kafka
 * records sent inside such a span carry its context on, so one trace follows a dataset from ingestion to the
 * served version.
 */
@ApplicationScoped
public class Traces {

    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    @Inject
    Tracer tracer;

    /** The current span's W3C {@code traceparent}, or null outside a valid span. */
    public static String currentParent() {
        SpanContext context = Span.current().getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /**
     * Starts a span named {@code name} as a child of {@code traceParent} (a new trace when it is null or unreadable)
     * and makes it current on this thread, its trace id in the log context; closing it ends the span.
     */
    public Continued resume(String traceParent, String name) {
        Context parent = traceParent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, TRACEPARENT);
        Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
        Scope scope = span.makeCurrent();
        Object previousTrace = MDC.get("traceId");
        Object previousSpan = MDC.get("spanId");
        MDC.put("traceId", span.getSpanContext().getTraceId());
        MDC.put("spanId", span.getSpanContext().getSpanId());
        return new Continued(span, scope, previousTrace, previousSpan);
    }

    /** A resumed span; close it (once) on the thread that resumed it. */
    public static final class Continued implements AutoCloseable {

        private final Span span;
        private final Scope scope;
        private final Object previousTrace;
        private final Object previousSpan;

        private Continued(Span span, Scope scope, Object previousTrace, Object previousSpan) {
            this.span = span;
            this.scope = scope;
            this.previousTrace = previousTrace;
            this.previousSpan = previousSpan;
        }

        public String traceId() {
            return span.getSpanContext().getTraceId();
        }

        @Override
        public void close() {
            scope.close();
            span.end();
            restore("traceId", previousTrace);
            restore("spanId", previousSpan);
        }

        private static void restore(String key, Object value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
