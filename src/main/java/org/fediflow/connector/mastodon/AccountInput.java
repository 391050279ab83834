package org.fediflow.connector.mastodon;

import org.fediflow.connector.Doc;

import jakarta.validation.constraints.NotBlank;

/** Names one account by its Mastodon id, e.g. {@code ${event.object.id}} from an account.created webhook. */
public record AccountInput(
        @Doc("Mastodon id of the account, e.g. ${event.object.id}")
        @NotBlank String accountId) {
}
