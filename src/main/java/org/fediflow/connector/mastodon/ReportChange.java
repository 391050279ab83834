package org.fediflow.connector.mastodon;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.fediflow.connector.ConnectorInfo;
import org.springframework.core.annotation.AliasFor;

/**
 * {@link ConnectorInfo} of a step that sets a report's state ({@link ReportConnector} with an action): the same two
 * business errors for all of them, and the description ends in {@link MastodonDocs#FAILURES}. Read through Spring's
 * merged annotations, as {@code @ConnectorInfo} is.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ConnectorInfo(id = "", name = "", description = "",
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found", description = MastodonDocs.NOT_FOUND),
                @ConnectorInfo.ErrorCode(code = "unprocessable", description = MastodonDocs.UNPROCESSABLE)})
@interface ReportChange {

    @AliasFor(annotation = ConnectorInfo.class)
    String id();

    @AliasFor(annotation = ConnectorInfo.class)
    String name();

    @AliasFor(annotation = ConnectorInfo.class)
    String description();
}
