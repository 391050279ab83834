package org.fediflow.connector.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.fediflow.InvalidConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Credentials bound the way Spring Boot binds them from application.yml or environment variables, and checked. */
class CredentialsPropertiesTest {

    private static Credentials bind(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return new Credentials(binder.bind("fediflow", CredentialsProperties.class)
                .orElseGet(() -> new CredentialsProperties(null)));
    }

    private static Map<String, String> properties(String... lines) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            map.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return map;
    }

    @Test
    void bindsEveryTypeByItsDocumentedName() {
        Credentials credentials = bind(properties(
                "fediflow.credentials.ntfy.type=bearer",
                "fediflow.credentials.ntfy.token=tok-12345",
                "fediflow.credentials.grafana.type=basic",
                "fediflow.credentials.grafana.username=u",
                "fediflow.credentials.grafana.password=pw-12345",
                "fediflow.credentials.kuma.type=header",
                "fediflow.credentials.kuma.header=X-Api-Key",
                "fediflow.credentials.kuma.value=val-12345",
                "fediflow.credentials.partner.type=hmac-sha256",
                "fediflow.credentials.partner.header=X-Sig",
                "fediflow.credentials.partner.secret=sec-12345",
                "fediflow.credentials.partner.prefix=sha256=",
                "fediflow.credentials.discord.url=https://discord.com/api/webhooks/1/abcdefghijklmnopqrstuvwxyz"));

        assertThat(credentials.names()).containsExactlyInAnyOrder("ntfy", "grafana", "kuma", "partner", "discord");
        assertThat(credentials.named("partner").type()).isEqualTo(Credential.Type.HMAC_SHA256);
        assertThat(credentials.named("kuma").headers(null)).containsEntry("X-Api-Key", "val-12345");
        assertThat(credentials.named("partner").headers("{}".getBytes()).get("X-Sig")).startsWith("sha256=").hasSize(7 + 64);
        assertThat(credentials.named("discord").headers(null)).isEmpty();
        assertThat(credentials.named("discord").secretValues()).contains("abcdefghijklmnopqrstuvwxyz");
        assertThat(credentials.named("ntfy").toString() + credentials.named("grafana") + credentials.named("partner"))
                .doesNotContain("tok-12345", "pw-12345", "sec-12345");
    }

    @Test
    void aCredentialThatCannotWorkStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("fediflow.credentials.ntfy.type", "bearer")))
                .isInstanceOf(InvalidConfiguration.class)
                .hasMessage("fediflow.credentials.ntfy.token: required when type is bearer");
        assertThatThrownBy(() -> bind(Map.of("fediflow.credentials.p.type", "hmac-sha256",
                "fediflow.credentials.p.secret", "s-12345")))
                .hasMessage("fediflow.credentials.p.header: required when type is hmac-sha256");
        assertThatThrownBy(() -> bind(Map.of("fediflow.credentials.h.type", "header",
                "fediflow.credentials.h.header", "X Bad", "fediflow.credentials.h.value", "v")))
                .hasMessageContaining("fediflow.credentials.h.header");
        assertThatThrownBy(() -> bind(Map.of("fediflow.credentials.x.username", "u")))
                .hasMessageContaining("fediflow.credentials.x.type: required");
        assertThatThrownBy(() -> bind(Map.of("fediflow.credentials.x.url", "discord.com/hook")))
                .hasMessageContaining("fediflow.credentials.x.url");
    }
}
