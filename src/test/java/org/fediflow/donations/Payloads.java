package org.fediflow.donations;

import java.util.UUID;

/**
 * Delivery bodies shaped like the real ones (protocols.md §4, §5): Ko-fi's {@code data} object with every field
 * it sends, Patreon's JSON:API member document with relationships and included campaign, user and tier.
 */
final class Payloads {

    private Payloads() {
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** A Ko-fi data object; {@code token} null leaves verification_token out (as stored by the inbox). */
    static String kofi(String token, String type, String transactionId, boolean isPublic, String name,
                       String message, String amount, String currency, String timestamp) {
        boolean subscription = "Subscription".equals(type);
        String shopItems = "Shop Order".equals(type)
                ? "[{\"direct_link_code\":\"1a2b3c4d5e\",\"variation_name\":\"Blue\",\"quantity\":1}]" : "null";
        String shipping = "Shop Order".equals(type) || "Commission".equals(type)
                ? "{\"full_name\":\"Ko-fi Team\",\"street_address\":\"123 Ko-fi Street\",\"city\":\"London\","
                  + "\"state_or_province\":\"Greater London\",\"postal_code\":\"W1 1AA\",\"country\":\"United Kingdom\","
                  + "\"country_code\":\"GB\",\"telephone\":\"+44 20 0000 0000\"}"
                : "\"\"";
        return "{" + (token == null ? "" : "\"verification_token\":\"" + token + "\",")
                + "\"message_id\":\"" + uuid() + "\",\"timestamp\":\"" + timestamp + "\",\"type\":\"" + type + "\","
                + "\"is_public\":" + isPublic + ",\"from_name\":" + json(name) + ",\"message\":" + json(message) + ","
                + "\"amount\":\"" + amount + "\",\"url\":\"https://ko-fi.com/Home/CoffeeShop?txid=" + transactionId + "\","
                + "\"email\":\"donor@example.com\",\"currency\":\"" + currency + "\","
                + "\"is_subscription_payment\":" + subscription + ",\"is_first_subscription_payment\":" + subscription + ","
                + "\"kofi_transaction_id\":\"" + transactionId + "\",\"shop_items\":" + shopItems + ","
                + "\"tier_name\":" + (subscription ? "\"Bronze\"" : "null") + ",\"shipping\":" + shipping + "}";
    }

    /** A Patreon member document; null arguments are sent as JSON null. */
    static String patreonMember(String memberId, String patronStatus, String chargeDate, String chargeStatus,
                                Integer entitledCents, Integer cadence, String tierTitle) {
        String tier = tierTitle == null ? "[]" : "[{\"id\":\"99001122\",\"type\":\"tier\"}]";
        String includedTier = tierTitle == null ? ""
                : ",{\"attributes\":{\"amount_cents\":500,\"title\":\"" + tierTitle + "\",\"description\":\"\"},"
                  + "\"id\":\"99001122\",\"type\":\"tier\"}";
        return "{\"data\":{\"attributes\":{\"campaign_lifetime_support_cents\":1500,"
                + "\"currently_entitled_amount_cents\":" + entitledCents + ",\"email\":\"patron@example.com\","
                + "\"full_name\":\"Platform Team\",\"is_follower\":false,\"is_free_trial\":false,\"is_gifted\":false,"
                + "\"last_charge_date\":" + json(chargeDate) + ",\"last_charge_status\":" + json(chargeStatus) + ","
                + "\"lifetime_support_cents\":1500,\"next_charge_date\":\"2026-12-01T00:00:00.000+00:00\",\"note\":\"\","
                + "\"patron_status\":" + json(patronStatus) + ",\"pledge_cadence\":" + cadence + ","
                + "\"pledge_relationship_start\":\"2026-01-15T10:00:00.000+00:00\","
                + "\"will_pay_amount_cents\":" + entitledCents + "},"
                + "\"id\":\"" + memberId + "\",\"relationships\":{\"address\":{\"data\":null},"
                + "\"campaign\":{\"data\":{\"id\":\"12345\",\"type\":\"campaign\"},"
                + "\"links\":{\"related\":\"https://www.patreon.com/api/oauth2/v2/campaigns/12345\"}},"
                + "\"currently_entitled_tiers\":{\"data\":" + tier + "},"
                + "\"user\":{\"data\":{\"id\":\"1111111\",\"type\":\"user\"},"
                + "\"links\":{\"related\":\"https://www.patreon.com/api/oauth2/v2/user/1111111\"}}},\"type\":\"member\"},"
                + "\"included\":[{\"attributes\":{\"created_at\":\"2025-01-01T00:00:00.000+00:00\",\"creation_name\":\"a server\","
                + "\"is_monthly\":true,\"patron_count\":42,\"url\":\"https://www.patreon.com/example\"},"
                + "\"id\":\"12345\",\"type\":\"campaign\"},"
                + "{\"attributes\":{\"full_name\":\"Platform Team\",\"url\":\"https://www.patreon.com/user?u=1111111\"},"
                + "\"id\":\"1111111\",\"type\":\"user\"}" + includedTier + "],"
                + "\"links\":{\"self\":\"https://www.patreon.com/api/oauth2/v2/members/" + memberId + "\"}}";
    }

    private static String json(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
