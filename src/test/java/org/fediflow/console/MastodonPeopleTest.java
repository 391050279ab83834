package org.fediflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.fediflow.testing.FakeMastodonOAuth;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** Mastodon's role, as verify_credentials gives it, to the console's role. */
class MastodonPeopleTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static String role(String json) {
        return MastodonPeople.roleOf(JSON.readTree("{\"role\":" + json + "}").get("role"));
    }

    @Test
    void ownerAndAdminAreOperatorsByTheirPermissionsWhateverTheRoleIsCalled() {
        assertThat(role("{\"name\":\"Owner\",\"permissions\":\"" + FakeMastodonOAuth.OWNER + "\"}")).isEqualTo("operator");
        assertThat(role("{\"name\":\"Admin\",\"permissions\":\"" + FakeMastodonOAuth.ADMIN + "\"}")).isEqualTo("operator");
        assertThat(role("{\"name\":\"Chef\",\"permissions\":\"1\"}")).as("administrator flag alone").isEqualTo("operator");
    }

    @Test
    void moderatorIsAModeratorAndEveryoneElseIsRefused() {
        assertThat(role("{\"name\":\"Moderator\",\"permissions\":\"" + FakeMastodonOAuth.MODERATOR + "\"}")).isEqualTo("moderator");
        assertThat(role("{\"name\":\"\",\"permissions\":\"65536\"}")).as("the everyone role: invite users").isNull();
        assertThat(role("{\"name\":\"DevOps\",\"permissions\":\"2\"}")).as("view_devops only").isNull();
        assertThat(role("{\"name\":\"Broken\",\"permissions\":\"lots\"}")).isNull();
        assertThat(role("null")).isNull();
    }

    @Test
    void readsThePlainRoleNamesOfServersOlderThanMastodon4() {
        assertThat(role("\"admin\"")).isEqualTo("operator");
        assertThat(role("\"moderator\"")).isEqualTo("moderator");
        assertThat(role("\"user\"")).isNull();
    }
}
