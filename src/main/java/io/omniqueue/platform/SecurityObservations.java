package io.omniqueue.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security wraps each filter of every request in an observation when an observation
 * registry is present (Actuator's): at 1 M conversations a sixth of the CPU a queue page cost
 * the service, for spans nothing exports. The requests' own timers ({@code http_server_requests})
 * are Spring MVC's and stay.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
