package org.fediflow.connector.mastodon;

import jakarta.validation.constraints.NotBlank;

/** Names one account by its Mastodon id, e.g. {@code ${event.object.id}} from an account.created webhook. */
public record AccountInput(@NotBlank String accountId) {
}
