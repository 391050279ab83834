package org.fediflow.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * {@code /actuator/prometheus}: Prometheus' bearer token, or a request that came in on the management port (when
 * {@code management.server.port} puts the actuator on a port of its own, reachable only from the monitoring
 * network). Never the console's session or the admin's password: a scrape config holds no operator credentials.
 * 401 otherwise, never a redirect.
 */
@Configuration(proxyBeanMethods = false)
class MetricsSecurity {

    private final byte[] token;
    private final Environment environment;

    MetricsSecurity(MetricsProperties properties, Environment environment) {
        String configured = properties.metrics().token();
        this.token = configured == null || configured.isBlank() ? null
                : ("Bearer " + configured.trim()).getBytes(StandardCharsets.UTF_8);
        this.environment = environment;
    }

    @Bean
    @Order(0)
    SecurityFilterChain prometheusScrapes(HttpSecurity http) throws Exception {
        HttpStatusEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        return http.securityMatcher("/actuator/prometheus")
                .authorizeHttpRequests(a -> a.anyRequest().access((authentication, context) ->
                        new AuthorizationDecision(allowed(context.getRequest()))))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, denied) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fediflow-metrics\"");
                    unauthorized.commence(request, response, denied);
                }))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .build();
    }

    private boolean allowed(HttpServletRequest request) {
        if (onManagementPort(request)) {
            return true;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return token != null && header != null
                && MessageDigest.isEqual(token, header.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Spring Boot publishes the management server's port once it listens; it differs from the main port. */
    private boolean onManagementPort(HttpServletRequest request) {
        Integer management = environment.getProperty("local.management.port", Integer.class);
        Integer main = environment.getProperty("local.server.port", Integer.class);
        return management != null && management > 0 && !management.equals(main) && request.getLocalPort() == management;
    }
}
