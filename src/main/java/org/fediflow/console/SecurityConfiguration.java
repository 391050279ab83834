package org.fediflow.console;

import java.net.http.HttpClient;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.fediflow.shared.InvalidConfiguration;
import org.fediflow.audit.Audit;
import org.fediflow.connector.mastodon.MastodonProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Slack authenticates by signature, not by login; the funding page and health are public (webhooks: below). */
    static final String[] PUBLIC = {"/slack/events", "/funding", "/api/funding", "/actuator/health",
            "/actuator/health/**", "/error"};
    /** What a moderator may change: retries. Everything else that changes something is for operators. */
    static final String[] MODERATOR_CHANGES = {"/api/incidents/*/retry", "/api/processes/*/elements/*/retry"};
    /** Every signed-in person: who am I, my own API tokens. */
    static final String[] OWN = {"/api/me", "/api/tokens", "/api/tokens/*"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AdminAccount adminAccount(ConsoleProperties properties, MastodonProperties mastodon, JdbcTemplate jdbc,
                              PasswordEncoder encoder, Environment env) {
        if (!properties.admin().enabled() && (mastodon.baseUrl() == null || mastodon.baseUrl().isBlank())) {
            throw new InvalidConfiguration("fediflow.admin.enabled",
                    "the local admin can only be switched off when people sign in with Mastodon (set fediflow.mastodon.base-url)");
        }
        String url = "http://localhost:" + env.getProperty("server.port", "8080") + "/";
        return new AdminAccount(properties.admin(), jdbc, encoder, url);
    }

    @Bean
    PersonalTokens personalTokens(JdbcTemplate jdbc, Clock clock, AdminAccount admin) {
        return new PersonalTokens(jdbc, clock, admin);
    }

    @Bean
    SignIns signIns(Audit audit, PersonalTokens tokens, Clock clock) {
        return new SignIns(audit, tokens, clock);
    }

    @Bean
    AuthenticationManager authenticationManager(AdminAccount admin, PasswordEncoder encoder, Clock clock) {
        DaoAuthenticationProvider check = new DaoAuthenticationProvider(admin);
        check.setPasswordEncoder(encoder);
        return new ProviderManager(new RememberedLogins(check, clock, admin::currentHash));
    }

    /** Sign-in with Mastodon, when the instance is configured; null otherwise. */
    @Bean
    MastodonSignIn mastodonSignIn(MastodonProperties mastodon, ConsoleProperties console, JdbcTemplate jdbc, Clock clock) {
        if (mastodon.baseUrl() == null || mastodon.baseUrl().isBlank()) {
            return new MastodonSignIn(null, null, null);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(mastodon.timeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(mastodon.timeout());
        RestClient http = RestClient.builder().requestFactory(requests).build();
        RestClient tokens = RestClient.builder().requestFactory(requests)
                .configureMessageConverters(c -> {
                    c.addCustomConverter(new FormHttpMessageConverter());
                    c.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        var tokenClient = new RestClientAuthorizationCodeTokenResponseClient();
        tokenClient.setRestClient(tokens);
        return new MastodonSignIn(new MastodonApps(mastodon, console, jdbc, http, clock), new MastodonPeople(http), tokenClient);
    }

    record MastodonSignIn(MastodonApps apps, MastodonPeople people, RestClientAuthorizationCodeTokenResponseClient tokens) {
        boolean enabled() {
            return apps != null;
        }
    }

    /**
     * Webhooks pass through no Spring Security filter at all: each source's verifier (inbox/) checks the signature,
     * token or allowed address on the raw request, and there is nothing for a filter to do (no session, no login,
     * no CSRF token a sender could have). The request firewall still applies. A profile of a webhook burst put 15 %
     * of the node's CPU in the filters of the public chain below, which only permitted the request.
     */
    @Bean
    @Order(0)
    SecurityFilterChain webhooks() {
        return new DefaultSecurityFilterChain(PathPatternRequestMatcher.withDefaults().matcher("/webhooks/**"));
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

    /**
     * The operator API: HTTP Basic (the admin), a personal API token ({@code Bearer fft_…}) or the console's session;
     * 401 without (never a redirect), no session of its own. Reads for both roles, retries for moderators too,
     * every other change for operators; every change goes into the audit trail.
     */
    @Bean
    @Order(2)
    SecurityFilterChain operatorApi(HttpSecurity http, PersonalTokens tokens, Audit audit,
                                    AuthenticationManager logins) throws Exception {
        // The manager with RememberedLogins: left to itself, HTTP Basic got Spring's global one, built from the
        // adminAccount user details, and checked bcrypt at every call (a script polling the API kept a core busy).
        return http.securityMatcher("/api/**")
                .authenticationManager(logins)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(OWN).hasAnyRole(Roles.OPERATOR, Roles.MODERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(Roles.OPERATOR, Roles.MODERATOR)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(Roles.OPERATOR, Roles.MODERATOR)
                        .requestMatchers(HttpMethod.POST, MODERATOR_CHANGES).hasAnyRole(Roles.OPERATOR, Roles.MODERATOR)
                        .anyRequest().hasRole(Roles.OPERATOR))
                .httpBasic(b -> b.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .addFilterBefore(new PersonalTokens.BearerFilter(tokens), BasicAuthenticationFilter.class)
                .addFilterBefore(new AuditedRequests(audit), ExceptionTranslationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED))
                        .accessDeniedHandler(Roles.refusedAsJson()))
                // The console's pages call the API with their session: those calls need the session's CSRF token.
                // A call with HTTP Basic credentials or a token (or with no session at all) has no cookie a foreign
                // site could borrow, so it needs none, and the API still never creates a session.
                .csrf(c -> c.ignoringRequestMatchers(r -> r.getHeader(HttpHeaders.AUTHORIZATION) != null
                        || r.getSession(false) == null))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(c -> c.disable())
                .build();
    }

    /**
     * The console: our login page (the admin's password, and "Sign in with <instance>" when Mastodon is configured),
     * a session (SameSite cookie, see application.yml) and CSRF protection. Every page is open to both roles; what
     * a moderator may not do, the API refuses.
     */
    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, AdminAccount admin, SignIns signIns, MastodonSignIn mastodon) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/login").permitAll()
                        .anyRequest().hasAnyRole(Roles.OPERATOR, Roles.MODERATOR))
                .formLogin(f -> f.loginPage("/login").successHandler(signIns.succeeded("password"))
                        .failureHandler(signIns.passwordRefused(admin.username())))
                .logout(l -> l.logoutSuccessUrl("/login?logout"));
        if (mastodon.enabled()) {
            var refused = signIns.mastodonRefused(mastodon.apps().instanceName());
            http.oauth2Login(o -> o.loginPage("/login")
                    .clientRegistrationRepository(mastodon.apps())
                    .authorizedClientRepository(new NothingKept())
                    .tokenEndpoint(t -> t.accessTokenResponseClient(mastodon.tokens()))
                    .userInfoEndpoint(u -> u.userService(mastodon.people()))
                    .successHandler(signIns.succeeded("Mastodon"))
                    .failureHandler(refused)
                    // Mastodon unreachable when the app is registered: the same clear page, not a bare 500.
                    .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                        @Override
                        public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                            filter.setAuthenticationFailureHandler(refused);
                            return filter;
                        }
                    }));
        }
        return http.build();
    }

    /** Fediflow keeps no person's Mastodon token: it is used once to read who they are, then revoked. */
    private static final class NothingKept implements OAuth2AuthorizedClientRepository {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String id, Authentication principal,
                                                                         HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String id, Authentication principal, HttpServletRequest request,
                                           HttpServletResponse response) {
        }
    }
}
