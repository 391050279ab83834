package org.fediflow.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.fediflow.testing.ConnectorClasses;
import org.junit.jupiter.api.Test;

/**
 * {@code connectors/<id>.json} is generated from the connector's code ({@link ConnectorInfo}, its input and output
 * records with {@link Doc}, Bean Validation): every field of every committed descriptor (names, types, required,
 * secret, allowed values, descriptions, outputs, error codes) must be what the code generates now. Scans the
 * classpath instead of starting Spring, so it stays fast.
 *
 * <p>To regenerate after changing a connector (or adding one):
 * {@code mvn -Dexec.skip=true -Dtest=ConnectorDescriptorsTest -Dfediflow.descriptors.write=true test}.
 * Connectors of the tests ({@code src/test/java}) keep theirs in {@code src/test/resources/connectors}.
 */
class ConnectorDescriptorsTest {

    static final boolean WRITE = Boolean.getBoolean("fediflow.descriptors.write");
    private static final Set<String> TYPES = Set.of("string", "text", "number", "boolean", "json", "template");

    @Test
    void everyCommittedDescriptorIsExactlyWhatTheConnectorsCodeGenerates() throws IOException {
        assertThat(ConnectorClasses.all()).hasSizeGreaterThanOrEqualTo(35);
        List<String> differing = new ArrayList<>();
        for (ConnectorClasses.Found found : ConnectorClasses.all()) {
            String generated = Descriptors.json(descriptor(found));
            Path file = file(found);
            String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (!generated.equals(committed)) {
                if (WRITE) {
                    Files.writeString(file, generated, StandardCharsets.UTF_8);
                }
                differing.add(file + (committed.isEmpty() ? " (missing)" : ": first difference at line "
                        + firstDifferentLine(committed, generated) + ", generated: "
                        + generated.lines().skip(firstDifferentLine(committed, generated) - 1).findFirst().orElse("")));
            }
        }
        assertThat(differing).as("descriptors differing from the code%s; regenerate with "
                + "mvn -Dexec.skip=true -Dtest=ConnectorDescriptorsTest -Dfediflow.descriptors.write=true test",
                WRITE ? " (now rewritten)" : "").isEmpty();
    }

    @Test
    void everyFieldHasADescriptionAndAKnownType() {
        for (ConnectorClasses.Found found : ConnectorClasses.all()) {
            ConnectorDescriptor descriptor = descriptor(found);
            assertThat(descriptor.description()).as("@ConnectorInfo description of %s", found.id()).isNotBlank();
            List<ConnectorDescriptor.Field> fields = new ArrayList<>(descriptor.inputs());
            fields.addAll(descriptor.outputs());
            for (ConnectorDescriptor.Field field : fields) {
                assertThat(field.description()).as("@Doc on %s.%s (%s)", found.id(), field.name(), found.type())
                        .isNotBlank();
                assertThat(TYPES).as("type of %s.%s", found.id(), field.name()).contains(field.type());
            }
        }
    }

    @Test
    void theCatalogTheApplicationLoadsHoldsOneDescriptorPerConnectorAndNothingElse() {
        Set<String> ids = ConnectorClasses.all().stream().map(ConnectorClasses.Found::id).collect(Collectors.toSet());
        assertThat(ConnectorCatalogConfiguration.loadDescriptors()).extracting(ConnectorDescriptor::id)
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void requiredFollowsBeanValidationAndAllowedValuesFollowAPatternOfAlternatives() {
        ConnectorDescriptor dump = descriptor(ConnectorClasses.byId("backup.dump"));
        assertThat(dump.input("kind").orElseThrow()).satisfies(kind -> {
            assertThat(kind.required()).isTrue();
            assertThat(kind.values()).containsExactly("postgres", "redis", "fediflow");
        });
        ConnectorDescriptor post = descriptor(ConnectorClasses.byId("slack.post-message"));
        assertThat(post.input("threadTs").orElseThrow().required()).isFalse();
        assertThat(post.input("text").orElseThrow().type()).isEqualTo("text");
        assertThat(post.input("formatted").orElseThrow().type()).isEqualTo("boolean");
        assertThat(post.outputs()).extracting(ConnectorDescriptor.Field::name).containsExactly("channel", "ts",
                "alreadyPosted");
        assertThat(descriptor(ConnectorClasses.byId("test.flaky")).input("secretValue").orElseThrow().secret()).isTrue();
        assertThat(descriptor(ConnectorClasses.byId("mastodon.reject-account")).errors())
                .extracting(ConnectorDescriptor.Error::code).contains("not-found", "already-approved");
    }

    static ConnectorDescriptor descriptor(ConnectorClasses.Found found) {
        return Descriptors.describe(found.id(), found.type(), found.input(), found.output());
    }

    /** Where the catalog keeps it: {@code connectors/} for the product, the test resources for test connectors. */
    static Path file(ConnectorClasses.Found found) {
        boolean test = found.type().getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes");
        return Path.of(test ? "src/test/resources/connectors" : "connectors", found.id() + ".json");
    }

    static int firstDifferentLine(String a, String b) {
        List<String> left = a.lines().toList();
        List<String> right = b.lines().toList();
        int i = 0;
        while (i < left.size() && i < right.size() && left.get(i).equals(right.get(i))) {
            i++;
        }
        return i + 1;
    }
}
