package org.corridor.api.security;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.corridor.api.problem.ProblemWriter;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call which endpoint. Stateless (HTTP Basic or a bearer token on every request, no
 * session, hence no CSRF surface); everything not listed here is denied. Object-level checks
 * (organisation, team) happen in {@link AccessPolicy}. Every refusal is a problem+json body.
 */
@Configuration
public class SecurityConfig implements WebMvcConfigurer {
    static {
        // controllers take the caller as a parameter; it is not part of the HTTP contract
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    private static final String[] PLANNING = {"COORDINATOR", "PLANNER"};

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenService tokens, UserDirectory users, ProblemWriter problems) throws Exception {
        AuthenticationEntryPoint unauthorised = (req, res, e) -> {
            res.setHeader("WWW-Authenticate", "Basic realm=\"corridor\", Bearer");
            problems.write(req, res, HttpStatus.UNAUTHORIZED, "Authentication required: HTTP Basic or a bearer token from POST /api/v1/auth/token.");
        };
        AccessDeniedHandler denied = (req, res, e) ->
                problems.write(req, res, HttpStatus.FORBIDDEN, "Your role may not use this endpoint.");
        http.csrf(c -> c.disable())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache(c -> c.disable())
            .httpBasic(b -> b.authenticationEntryPoint(unauthorised))
            .exceptionHandling(e -> e.authenticationEntryPoint(unauthorised).accessDeniedHandler(denied))
            .addFilterBefore(new BearerTokenFilter(tokens, users, unauthorised), BasicAuthenticationFilter.class)
            .authorizeHttpRequests(a -> a
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers("/error", "/api/v1/health", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/auth/token").authenticated()
                .requestMatchers(HttpMethod.GET, "/api/v1/teams/*/*/dispatch").hasAnyRole("COORDINATOR", "PLANNER", "FIELD_TEAM")
                .requestMatchers(HttpMethod.GET, "/api/v1/plans/*/versions/*/diff/*").hasAnyRole("COORDINATOR", "PLANNER", "FIELD_TEAM")
                .requestMatchers("/api/v1/audit").hasRole("COORDINATOR")
                .requestMatchers("/api/v1/scenarios", "/api/v1/scenarios/**", "/api/v1/solves", "/api/v1/jobs", "/api/v1/jobs/**",
                                 "/api/v1/plans", "/api/v1/plans/**").hasAnyRole(PLANNING)
                .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Spring Security's default firewall with its header checks written as loops: the same rule as its
     * regular expressions ({@link StrictHttpFirewall#ALLOWED_HEADER_NAMES}, {@link StrictHttpFirewall#ALLOWED_HEADER_VALUES}:
     * assigned code points, no control characters, a tab allowed in values), without a {@code Matcher}
     * per header read, which was 5 % of a dispatch read's allocation (JFR).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> allowedInHeader(name, false));
        firewall.setAllowedHeaderValues(value -> allowedInHeader(value, true));
        return firewall;
    }

    /** Every code point assigned in Unicode and not a control character (a tab allowed when {@code tab}). */
    static boolean allowedInHeader(String s, boolean tab) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!Character.isDefined(c) || (Character.isISOControl(c) && !(tab && c == '\t'))) return false;
            i += Character.charCount(c);
        }
        return true;
    }

    /** Requests the firewall rejects (encoded slashes, "..", odd methods) get a 400 problem, not a 500. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (req, res, e) -> problems.write(req, res, HttpStatus.BAD_REQUEST, "The request URL or method is not allowed.");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            public boolean supportsParameter(MethodParameter p) { return p.getParameterType() == Caller.class; }
            public Object resolveArgument(MethodParameter p, ModelAndViewContainer m, NativeWebRequest r, WebDataBinderFactory f) {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.getPrincipal() instanceof UserDirectory.Account a) return a.caller();
                throw new IllegalStateException("endpoint reached without an authenticated Corridor user");
            }
        });
    }
}
