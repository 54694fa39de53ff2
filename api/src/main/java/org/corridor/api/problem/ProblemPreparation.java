package org.corridor.api.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.handler.HandlerExceptionResolverComposite;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Does once, when the service is ready, what its first problem answer would otherwise do on a request
 * thread while other request threads wait for it: Spring's lookup of {@link ProblemHandler}'s method for an
 * {@link ApiException} (its first use loads classes and fills a cache) and the JSON serializers of a problem
 * with located errors in the message converter that writes it. Measured: in a service's first solve flood, its
 * first 503s had request threads waiting 10 ms or more on exactly that class loading and serializer
 * construction (JFR, README).
 */
@Component
public final class ProblemPreparation {
    private static final Logger log = LoggerFactory.getLogger(ProblemPreparation.class);
    private final HandlerExceptionResolver exceptionResolver;
    private final RequestMappingHandlerAdapter adapter;

    ProblemPreparation(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver, RequestMappingHandlerAdapter adapter) {
        this.exceptionResolver = exceptionResolver;
        this.adapter = adapter;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        try {
            prepare();
        } catch (RuntimeException e) {
            // the first problem answer then prepares itself, as without this class
            log.warn("problem answers not prepared at start: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Resolves the exception handler of a 503 and writes a problem body with located errors as a request would.
     *
     * @return that body (application/problem+json)
     */
    public byte[] prepare() {
        ApiException unavailable = ApiException.unavailable("prepared at start", 1);
        if (exceptionResolver instanceof HandlerExceptionResolverComposite composite) {
            for (HandlerExceptionResolver r : composite.getExceptionResolvers()) {
                if (r instanceof ExceptionHandlerExceptionResolver handlers)
                    handlers.getExceptionHandlerAdviceCache().values().forEach(methods -> methods.resolveMethod(unavailable));
            }
        }
        ProblemDetail problem = ProblemWriter.problem(unavailable.status(), unavailable.getMessage(),
                List.of(ProblemError.at("", "prepared at start"), ProblemError.parameter("limit", "prepared at start")), "/");
        for (HttpMessageConverter<?> converter : adapter.getMessageConverters()) {
            if (converter.canWrite(ProblemDetail.class, MediaType.APPLICATION_PROBLEM_JSON)) {
                @SuppressWarnings("unchecked") // canWrite(ProblemDetail) holds
                HttpMessageConverter<ProblemDetail> writer = (HttpMessageConverter<ProblemDetail>) converter;
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                try {
                    writer.write(problem, MediaType.APPLICATION_PROBLEM_JSON, new HttpOutputMessage() {
                        private final HttpHeaders headers = new HttpHeaders();
                        @Override public OutputStream getBody() { return body; }
                        @Override public HttpHeaders getHeaders() { return headers; }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return body.toByteArray();
            }
        }
        throw new IllegalStateException("no message converter writes " + MediaType.APPLICATION_PROBLEM_JSON);
    }
}
