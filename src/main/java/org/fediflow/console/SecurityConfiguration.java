package org.fediflow.console;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Senders authenticate by signature, not by login; the funding page and health are public. */
    static final String[] PUBLIC = {"/webhooks/**", "/slack/events", "/funding", "/api/funding", "/actuator/health",
            "/actuator/health/**", "/error"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AdminAccount adminAccount(ConsoleProperties properties, JdbcTemplate jdbc, PasswordEncoder encoder, Environment env) {
        String url = "http://localhost:" + env.getProperty("server.port", "8080") + "/";
        return new AdminAccount(properties.admin(), jdbc, encoder, url);
    }

    @Bean
    AuthenticationManager authenticationManager(AdminAccount admin, PasswordEncoder encoder, Clock clock) {
        DaoAuthenticationProvider check = new DaoAuthenticationProvider(admin);
        check.setPasswordEncoder(encoder);
        return new ProviderManager(new RememberedLogins(check, clock));
    }

    /** Public endpoints: no session, no CSRF token (senders cannot have one), their own checks instead. */
    @Bean
    @Order(1)
    SecurityFilterChain publicEndpoints(HttpSecurity http) throws Exception {
        return http.securityMatcher(PUBLIC)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .build();
    }

    /** The operator API: HTTP Basic or the console's session, 401 without (never a redirect), no session of its own. */
    @Bean
    @Order(2)
    SecurityFilterChain operatorApi(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("ADMIN"))
                .httpBasic(b -> b.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                // The console's pages call the API with their session: those calls need the session's CSRF token.
                // A call with HTTP Basic credentials (or with no session at all) has no cookie a foreign site could
                // borrow, so it needs none, and the API still never creates a session.
                .csrf(c -> c.ignoringRequestMatchers(r -> r.getHeader(HttpHeaders.AUTHORIZATION) != null
                        || r.getSession(false) == null))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(c -> c.disable())
                .build();
    }

    /** The console: our login page, a session (SameSite cookie, see application.yml) and CSRF protection. */
    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers("/login").permitAll().anyRequest().hasRole("ADMIN"))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/"))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .build();
    }
}
