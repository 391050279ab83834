package org.fediflow.connector.mastodon;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.fediflow.connector.Connector;
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
@Component
public class AccountActionConnector implements Connector<AccountActionConnector.Input, AccountActionConnector.Output> {

    public record Input(@NotBlank String accountId,
                        @NotBlank @Pattern(regexp = "none|sensitive|disable|silence|suspend") String type,
                        String reportId, String text, Boolean sendEmailNotification) {
    }

    /** @param performed false when the account was already in that state and nothing was sent */
    public record Output(String accountId, String type, String reportId, boolean performed) {
    }

    private final MastodonClient client;

    public AccountActionConnector(MastodonClient client) {
        this.client = client;
    }

    @Override
    public String id() {
        return "mastodon.account-action";
    }

    @Override
    public Class<Input> inputType() {
        return Input.class;
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
