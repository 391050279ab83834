package org.fediflow.connector.mastodon;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
import org.fediflow.connector.ConnectorInfo;
import org.fediflow.connector.Doc;
import org.fediflow.connector.StepContext;
import org.springframework.stereotype.Component;

import tools.jackson.databind.node.ObjectNode;

/**
 * Takes a moderation action on an account ({@code POST /api/v1/admin/accounts/:id/action}).
 *
 * <p>Mastodon has no idempotency key for admin actions and each call records a strike (and may send an
 * email), so a retried step must not act twice. Before acting, the account is read: when it is already in
 * the state the action leads to (suspended, silenced, disabled, sensitized), nothing is sent again and
 * {@code performed=false}; the named report, if still open, is resolved so the outcome matches a first run.
 * With {@code type=none} the named report being resolved plays that role. A {@code none} without a report
 * (a bare warning) cannot be recognised afterwards; its retry may warn twice.
 */
@ConnectorInfo(id = "mastodon.account-action", name = "Act on an account",
        description = "Takes a moderation action (POST /api/v1/admin/accounts/:id/action; needs Manage Users "
        + "and Manage Reports). With report_id and type none only that report is resolved; any "
        + "other type resolves all open reports on the account. Reads the account first and does "
        + "not act again if it is already in the target state (performed=false), so retries do not "
        + "record a second strike. 422 (unknown type) is an incident. " + MastodonDocs.FAILURES,
        errors = {
                @ConnectorInfo.ErrorCode(code = "not-found", description = MastodonDocs.NOT_FOUND)})
@Component
public class AccountActionConnector implements Connector<AccountActionConnector.Input, AccountActionConnector.Output> {

    public record Input(
            @Doc("Mastodon id of the account")
            @NotBlank String accountId,
            @Doc("none, sensitive, disable, silence or suspend")
            @NotBlank @Pattern(regexp = "none|sensitive|disable|silence|suspend") String type,
            @Doc("The report this action settles")
            String reportId,
            @Doc(value = "Note to the user, shown in the strike (and the email)", type = Doc.Type.TEXT)
            String text,
            @Doc("Email the user about the strike (default false)")
            Boolean sendEmailNotification) {
    }

    /** @param performed false when the account was already in that state and nothing was sent */
    public record Output(
            @Doc("Account id")
            String accountId,
            @Doc("The action")
            String type,
            @Doc("The report, if named")
            String reportId,
            @Doc("False when the account was already in that state and nothing was sent")
            boolean performed) {
    }

    private final MastodonClient client;

    public AccountActionConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public Output execute(Input input, StepContext context) {
        String reportId = blankToNull(input.reportId());
        if (alreadyDone(input, reportId)) {
            return new Output(input.accountId(), input.type(), reportId, false);
        }
        ObjectNode body = client.newObject();
        body.put("type", input.type());
        if (reportId != null) {
            body.put("report_id", reportId);
        }
        if (input.text() != null && !input.text().isBlank()) {
            body.put("text", input.text());
        }
        body.put("send_email_notification", Boolean.TRUE.equals(input.sendEmailNotification()));
        client.accountAction(input.accountId(), body);
        return new Output(input.accountId(), input.type(), reportId, true);
    }

    private boolean alreadyDone(Input input, String reportId) {
        if ("none".equals(input.type())) {
            return reportId != null && MastodonReport.from(client.report(reportId)).actionTaken();
        }
        MastodonAccount account = MastodonAccount.from(client.account(input.accountId()));
        boolean inState = switch (input.type()) {
            case "suspend" -> account.suspended();
            case "silence" -> account.silenced();
            case "disable" -> account.disabled();
            case "sensitive" -> account.sensitized();
            default -> false;
        };
        if (inState && reportId != null && !MastodonReport.from(client.report(reportId)).actionTaken()) {
            client.reportAction(reportId, "resolve");
        }
        return inState;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
