package org.fediflow.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fediflow.connector.mastodon.GetReportConnector;
import org.fediflow.connector.mastodon.ReportInput;
import org.fediflow.connector.mastodon.ResolveReportConnector;
import org.junit.jupiter.api.Test;

/** What a connector no longer writes itself: its id (from {@link ConnectorInfo}) and its input type (from its generics). */
class ConnectorDefaultsTest {

    record In(String value) {
    }

    record Out(String value) {
    }

    @Test
    void idAndInputTypeComeFromTheAnnotationAndTheGenericsEvenThroughASharedBaseClass() {
        GetReportConnector read = new GetReportConnector(null);
        assertThat(read.id()).isEqualTo("mastodon.get-report");
        assertThat(read.inputType()).isEqualTo(ReportInput.class);
        // @ReportChange is a meta-annotation of @ConnectorInfo: the id is read through it.
        assertThat(new ResolveReportConnector(null).id()).isEqualTo("mastodon.resolve-report");
    }

    @Test
    void aConnectorWithoutConnectorInfoSaysSoInsteadOfHavingNoId() {
        Connector<In, Out> bare = new Connector<In, Out>() {
            @Override
            public Out execute(In input, StepContext context) {
                return new Out(input.value());
            }
        };
        assertThat(bare.inputType()).isEqualTo(In.class);
        assertThatThrownBy(bare::id).isInstanceOf(IllegalStateException.class).hasMessageContaining("no @ConnectorInfo");
    }
}
