package org.corridor.api;

import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands only values that contain an expression ({@code #{...}}) to Spring's SpEL resolver; every other
 * value is returned as it is, which is what SpEL returns for it too (a literal template).
 *
 * <p>Why: Spring MVC resolves the name of every {@code @PathVariable}, {@code @RequestParam} and
 * {@code @RequestHeader} argument (and its default value) as a possible expression on every request, and
 * Spring's resolver looks each up in two {@code ConcurrentHashMap}s with {@code computeIfAbsent}, which locks the
 * hash bin whenever the key is new or not the bin's first entry; a thread holding one that the scheduler preempts
 * (2 cores, 200 request threads) stalls every request behind it. A dispatch read resolves four names. JFR on
 * request threads at 2,000 reads/s: waits of 10 ms or more on those locks in the first second of a solve flood
 * (the flood's new header name parsed under a bin lock) and in quiet windows; none with this resolver (README).
 */
final class LiteralExpressions implements BeanExpressionResolver {
    /** Spring's default expression prefix (StandardBeanExpressionResolver), the one the service uses. */
    static final String PREFIX = "#{";

    private final BeanExpressionResolver spel;

    LiteralExpressions(BeanExpressionResolver spel) {
        this.spel = spel;
    }

    @Override
    public Object evaluate(String value, BeanExpressionContext context) {
        return value == null || !value.contains(PREFIX) ? value : spel.evaluate(value, context);
    }

    /** Wraps the bean factory's expression resolver before any bean (argument resolvers included) is made. */
    @Configuration(proxyBeanMethods = false)
    static class Installation {
        @Bean
        static BeanFactoryPostProcessor literalExpressions() {
            return factory -> {
                BeanExpressionResolver current = factory.getBeanExpressionResolver();
                if (current != null && !(current instanceof LiteralExpressions))
                    factory.setBeanExpressionResolver(new LiteralExpressions(current));
            };
        }
    }
}
