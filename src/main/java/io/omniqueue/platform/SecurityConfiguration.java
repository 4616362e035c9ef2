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
 * Two chains:
 * <ul>
 * <li>{@code /api/**}: stateless, no session, no cookie, hence no CSRF token to check; a bearer
 * token is required (401 problem document otherwise);</li>
 * <li>everything else: the web inbox, signed in with the form (session, CSRF on every form,
 * session fixation protection, a lock-out after repeated failures), or a bearer token for the
 * actuator. Anonymous: the sign-in page, static assets, {@code /actuator/health/**} (status only)
 * and the demo's sandbox. The actuator and the OpenAPI document answer 401 problems, pages send
 * to the sign-in page.</li>
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

    /**
     * The sign-in form checks users from {@code omniqueue.security.users}, each password encoded
     * ({@code {bcrypt}...}), through the lock-out. Only this chain uses it: a password never opens the API.
     */
    @Bean
    WebUsers webUsers(WebSecuritySettings settings) {
        return new WebUsers(settings);
    }

    @Bean
    @Order(2)
    SecurityFilterChain webSecurity(HttpSecurity http, ApiTokenAuthenticationProvider tokens, FailedAuthLimiter limiter,
                                    ObjectMapper json, WebUsers users, WebSecuritySettings settings, Clock clock)
            throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        ProblemAuthenticationEntryPoint problemEntryPoint = new ProblemAuthenticationEntryPoint(problems);
        org.springframework.security.authentication.dao.DaoAuthenticationProvider passwords =
                new org.springframework.security.authentication.dao.DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(org.springframework.security.crypto.factory.PasswordEncoderFactories
                .createDelegatingPasswordEncoder());
        http
                .authenticationManager(new ProviderManager(new SignInLockout(passwords, settings.loginLockout(), clock,
                        username -> users.usernames().contains(username))))
                .csrf(csrf -> csrf.ignoringRequestMatchers(matcher("/actuator/**"), matcher("/demo/**")))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut").permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .httpBasic(basic -> basic.disable())
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(problemEntryPoint, new org.springframework.security.web.util
                                .matcher.OrRequestMatcher(matcher("/actuator/**"), matcher("/v3/api-docs/**")))
                        .accessDeniedHandler((request, response, denied) -> problems.write(request, response,
                                org.springframework.http.HttpStatus.FORBIDDEN,
                                "this needs the admin role, or a valid form token: reload the page and try again")))
                .headers(headers -> headers
                        // No inline script anywhere: a customer's text can never become code on our page.
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
                                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(matcher("/login"), matcher("/css/**"), matcher("/js/**"), matcher("/img/**"),
                                matcher("/webjars/**"), matcher("/favicon.ico"), matcher("/actuator/health"),
                                matcher("/actuator/health/**"), matcher("/error"), matcher("/demo/**")).permitAll()
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/channels/*/resume", "/quarantine/**")
                        .hasRole("ADMIN")
                        .anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(new ProviderManager(tokens), limiter, problemEntryPoint, problems, false),
                        AnonymousAuthenticationFilter.class);
        return http.build();
    }

    private static org.springframework.security.web.util.matcher.RequestMatcher matcher(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
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
