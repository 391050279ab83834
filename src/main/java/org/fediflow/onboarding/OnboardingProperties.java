package org.fediflow.onboarding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param remindAfter            a pending sign-up nobody decided on gets one reminder in its thread after this
 * @param welcomeTemplate        the welcome direct message after the {@code @username} mention; placeholders
 *                               {@code {username}}, {@code {display_name}}, {@code {server}}, {@code {rules}}
 * @param rulesUrl               what {@code {rules}} becomes; default the instance's {@code /about} page
 * @param announceMembers        post a short notice of each new member to the onboarding channel
 * @param disposableDomainsFile  a file of disposable e-mail domains used instead of the shipped list
 * @param sameIpThreshold        sign-ups from one IP within 24 h (this one included) that make a signal
 * @param staffNames             further names a username must not imitate (besides admin, support, … and the
 *                               server's name), e.g. the real staff accounts
 */
@ConfigurationProperties("fediflow.onboarding")
public record OnboardingProperties(@DefaultValue("24h") Duration remindAfter,
                                   @DefaultValue(DEFAULT_TEMPLATE) String welcomeTemplate,
                                   String rulesUrl,
                                   @DefaultValue("true") boolean announceMembers,
                                   Path disposableDomainsFile,
                                   @DefaultValue("3") int sameIpThreshold,
                                   List<String> staffNames) {

    static final String DEFAULT_TEMPLATE = "Welcome to {server}, {display_name}! We are glad you are here. "
            + "Please take a minute to read the server rules: {rules} If you have a question, just reply to this "
            + "message; it reaches the team.";

    public OnboardingProperties {
        remindAfter = remindAfter == null ? Duration.ofHours(24) : remindAfter;
        welcomeTemplate = welcomeTemplate == null || welcomeTemplate.isBlank() ? DEFAULT_TEMPLATE : welcomeTemplate;
        sameIpThreshold = Math.max(2, sameIpThreshold);
        staffNames = staffNames == null ? List.of() : List.copyOf(staffNames);
    }
}
