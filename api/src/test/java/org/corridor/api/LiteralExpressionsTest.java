package org.corridor.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.expression.StandardBeanExpressionResolver;

class LiteralExpressionsTest {
    private final DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
    private final BeanExpressionContext context = new BeanExpressionContext(factory, null);
    private final List<String> evaluated = new ArrayList<>();
    private final BeanExpressionResolver spel = new StandardBeanExpressionResolver() {
        @Override
        public Object evaluate(String value, BeanExpressionContext evalContext) {
            evaluated.add(value);
            return super.evaluate(value, evalContext);
        }
    };
    private final LiteralExpressions resolver = new LiteralExpressions(spel);

    @Test
    void aNameWithoutAnExpressionIsReturnedAsItIsWithoutAskingSpel() {
        String name = "If-None-Match";
        assertThat(resolver.evaluate(name, context)).isSameAs(name);
        assertThat(resolver.evaluate("${placeholder-already-resolved}", context)).isEqualTo("${placeholder-already-resolved}");
        assertThat(resolver.evaluate(null, context)).isNull();
        assertThat(evaluated).isEmpty();
        // what SpEL itself makes of such a value: the same text
        assertThat(spel.evaluate(name, context)).isEqualTo(name);
    }

    @Test
    void aValueWithAnExpressionIsEvaluatedBySpel() {
        assertThat(resolver.evaluate("#{2 * 3}", context)).isEqualTo(6);
        assertThat(resolver.evaluate("limit-#{1 + 1}", context)).isEqualTo("limit-2");
        assertThat(evaluated).containsExactly("#{2 * 3}", "limit-#{1 + 1}");
    }

    @Test
    void theInstallationWrapsTheFactorysResolverOnce() {
        factory.setBeanExpressionResolver(spel);
        LiteralExpressions.Installation.literalExpressions().postProcessBeanFactory(factory);
        LiteralExpressions.Installation.literalExpressions().postProcessBeanFactory(factory);
        BeanExpressionResolver installed = factory.getBeanExpressionResolver();
        assertThat(installed).isInstanceOf(LiteralExpressions.class);
        assertThat(installed.evaluate("#{'a' + 'b'}", context)).isEqualTo("ab");
        assertThat(evaluated).containsExactly("#{'a' + 'b'}");
    }
}
