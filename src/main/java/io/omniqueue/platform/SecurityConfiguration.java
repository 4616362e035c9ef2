package io.omniqueue.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two stateless chains, no session, no cookie, hence no CSRF token to check:
 * <ul>
 * <li>{@code /api/**}: a bearer token is required (401 problem document otherwise);</li>
 * <li>everything else stays public as before ({@code /actuator/health/**}, {@code /actuator/info},
 * {@code /actuator/prometheus}, {@code /v3/api-docs}, {@code /demo/**}); a token there is optional
 * and only lets {@code /actuator/health} show the components and their details.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    // A bean, so that Spring Boot also drops its generated-password user: nobody signs in with one.
    @Bean
    ApiTokenAuthenticationProvider apiTokenAuthenticationProvider(ApiSecuritySettings settings) {
        return new ApiTokenAuthenticationProvider(settings);
    }

    /**
     * Spring Security's firewall refuses a header value with a control character before anything
     * can say which header: the headers we read are checked where they are read (the agent in
     * {@link Caller}, Idempotency-Key by the API), with a detail that names them. Header values
     * Tomcat itself takes are let through; everything else about the firewall stays strict.
     */
    @Bean
    org.springframework.security.web.firewall.HttpFirewall httpFirewall() {
        org.springframework.security.web.firewall.StrictHttpFirewall firewall =
                new org.springframework.security.web.firewall.StrictHttpFirewall();
        firewall.setAllowedHeaderValues(value -> true);
        return firewall;
    }

    @Bean
    FailedAuthLimiter failedAuthLimiter(ApiSecuritySettings settings, Clock clock) {
        return new FailedAuthLimiter(settings.failedAuth(), clock);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenAuthenticationProvider tokens, FailedAuthLimiter limiter,
                                    ObjectMapper json) throws Exception {
        stateless(http, tokens, limiter, json, true)
                .securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // Spring Security's default is "no-cache, no-store, max-age=0, must-revalidate" with
                // Pragma and Expires; "no-store" alone says it all for an API.
                .headers(headers -> headers.cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new StaticHeadersWriter("Cache-Control", "no-store")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain publicSecurity(HttpSecurity http, ApiTokenAuthenticationProvider tokens, FailedAuthLimiter limiter,
                                       ObjectMapper json) throws Exception {
        stateless(http, tokens, limiter, json, false)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    private static HttpSecurity stateless(HttpSecurity http, ApiTokenAuthenticationProvider tokens, FailedAuthLimiter limiter,
                                          ObjectMapper json, boolean apiRequest) throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
        return http
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint))
                .addFilterBefore(new BearerTokenFilter(new ProviderManager(tokens), limiter, entryPoint, problems, apiRequest),
                        AnonymousAuthenticationFilter.class);
    }
}
