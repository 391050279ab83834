package org.fediflow.donations;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivery bodies as the senders write them.
 *
 * <p><b>Ko-fi</b>: the field list, order and example values of Ko-fi's webhook documentation (ko-fi.com/manage/webhooks,
 * behind a login; quoted on meta.discourse.org/t/255047 and in protocols.md §5): a form body
 * {@code data=<JSON>} (application/x-www-form-urlencoded, {@code +} for spaces), compact JSON, every field present,
 * {@code null} for the objects a payment does not have. "Send test" posts the documented example payment, whose
 * transaction id is {@code 00000000-1111-2222-3333-444444444444}, once per type.
 *
 * <p><b>Patreon</b>: the member document of the "Webhook Responses" example in Patreon's platform documentation
 * ({@code source/includes/_webhooks_v2.md}) with the member attributes of {@code _resources_v2.md}: JSON:API,
 * attributes in alphabetical order, relationships {@code address}, {@code campaign}, {@code currently_entitled_tiers},
 * {@code user} with {@code links.related}, {@code included} campaign, user and tiers, {@code links.self}.
 * Patreon documents no free-member, pending or upgrade example; those are the same document with the attribute values
 * its resource documentation describes for them (noted at each builder).
 */
final class Payloads {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Payloads() {
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** Ko-fi's form body for a {@code data} JSON string, encoded as Ko-fi encodes it (spaces as {@code +}). */
    static String kofiForm(String data) {
        return "data=" + URLEncoder.encode(data, StandardCharsets.UTF_8);
    }

    /**
     * A Ko-fi payment of {@code type}; {@code token} null leaves verification_token out (as the inbox stores it).
     * A Subscription is the first payment of a membership ({@link #kofiSubscriptionPayment} for the later ones); a
     * Shop Order carries two items and a shipping address; a Commission a shipping address.
     */
    static String kofi(String token, String type, String transactionId, boolean isPublic, String name,
                       String message, String amount, String currency, String timestamp) {
        return kofiData(token, uuid(), type, transactionId, isPublic, name, message, amount, currency, timestamp,
                "Subscription".equals(type), "Subscription".equals(type) ? "Bronze" : null);
    }

    /** A monthly membership payment after the first: {@code is_first_subscription_payment} false. */
    static String kofiSubscriptionPayment(String token, String transactionId, String name, String amount,
                                          String currency, String timestamp, String tier) {
        return kofiData(token, uuid(), "Subscription", transactionId, true, name, null, amount, currency, timestamp,
                false, tier);
    }

    /**
     * What Ko-fi's "Send test" button posts for {@code type}: the documented example payment (from "Ko-fi Team",
     * 3.00 USD, transaction {@code 00000000-1111-2222-3333-444444444444}), a fresh message_id per press.
     */
    static String kofiTest(String token, String type) {
        String tx = KofiPayments.TEST_TRANSACTION_ID;
        return kofiData(token, uuid(), type, tx, true, "Ko-fi Team", "Good luck with the integration!", "3.00", "USD",
                "2022-08-21T13:04:30Z", "Subscription".equals(type), "Subscription".equals(type) ? "Bronze" : null);
    }

    private static String kofiData(String token, String messageId, String type, String transactionId,
                                   boolean isPublic, String name, String message, String amount, String currency,
                                   String timestamp, boolean firstSubscriptionPayment, String tier) {
        boolean subscription = "Subscription".equals(type);
        ObjectNode data = JSON.createObjectNode();
        if (token != null) {
            data.put("verification_token", token);
        }
        data.put("message_id", messageId).put("timestamp", timestamp).put("type", type).put("is_public", isPublic)
                .put("from_name", name).put("message", message).put("amount", amount)
                .put("url", "https://ko-fi.com/Home/CoffeeShop?txid=" + transactionId).put("email", "someone@example.com")
                .put("currency", currency).put("is_subscription_payment", subscription)
                .put("is_first_subscription_payment", subscription && firstSubscriptionPayment)
                .put("kofi_transaction_id", transactionId);
        if ("Shop Order".equals(type)) {
            ArrayNode items = data.putArray("shop_items");
            items.addObject().put("direct_link_code", "1a2b3c4d5e").put("variation_name", "Blue").put("quantity", 1);
            items.addObject().put("direct_link_code", "6f7g8h9i0j").put("variation_name", "Large").put("quantity", 2);
        } else {
            data.putNull("shop_items");
        }
        data.put("tier_name", tier);
        if ("Shop Order".equals(type) || "Commission".equals(type)) {
            data.putObject("shipping").put("full_name", "Ko-fi Team").put("street_address", "123 Example Street")
                    .put("city", "London").put("state_or_province", "Greater London").put("postal_code", "W1 1AA")
                    .put("country", "United Kingdom").put("country_code", "GB").put("telephone", "+44 20 7946 0000");
        } else {
            data.putNull("shipping");
        }
        return JSON.writeValueAsString(data);
    }

    /**
     * A Patreon member document; null arguments are sent as JSON null. {@code patronStatus} null with no charge is a
     * member who never pledged (Patreon: "null (never pledged)"); with {@code entitledCents} 0 and a free tier a free
     * member ({@link #patreonFreeMember}).
     */
    static String patreonMember(String memberId, String patronStatus, String chargeDate, String chargeStatus,
                                Integer entitledCents, Integer cadence, String tierTitle) {
        return patreonMember(memberId, patronStatus, chargeDate, chargeStatus, entitledCents, cadence, tierTitle,
                entitledCents == null ? 0 : entitledCents);
    }

    /** The same with the tier's own price, which differs from the pledge when a patron pays more than the tier asks. */
    static String patreonMember(String memberId, String patronStatus, String chargeDate, String chargeStatus,
                                Integer entitledCents, Integer cadence, String tierTitle, int tierCents) {
        ObjectNode document = JSON.createObjectNode();
        ObjectNode data = document.putObject("data");
        ObjectNode attributes = data.putObject("attributes");
        int lifetime = "Paid".equals(chargeStatus) && entitledCents != null ? entitledCents : 0;
        attributes.put("campaign_lifetime_support_cents", lifetime).put("currently_entitled_amount_cents", entitledCents)
                .put("email", "patron@example.com").put("full_name", "Platform Team").put("is_follower", false)
                .put("is_free_trial", false).put("is_gifted", false).put("last_charge_date", chargeDate)
                .put("last_charge_status", chargeStatus).put("lifetime_support_cents", lifetime)
                .put("next_charge_date", patronStatus == null ? null : "2026-12-01T08:00:00.000+00:00").put("note", "")
                .put("patron_status", patronStatus).put("pledge_cadence", cadence)
                .put("pledge_relationship_start", patronStatus == null ? null : "2026-01-15T10:00:00.000+00:00")
                .put("will_pay_amount_cents", entitledCents == null ? 0 : entitledCents);
        data.put("id", memberId);
        ObjectNode relationships = data.putObject("relationships");
        relationships.putObject("address").putNull("data");
        ObjectNode campaign = relationships.putObject("campaign");
        campaign.putObject("data").put("id", "123456").put("type", "campaign");
        campaign.putObject("links").put("related", "https://www.patreon.com/api/campaigns/123456");
        ArrayNode tiers = relationships.putObject("currently_entitled_tiers").putArray("data");
        if (tierTitle != null) {
            tiers.addObject().put("id", "99001122").put("type", "tier");
        }
        ObjectNode user = relationships.putObject("user");
        user.putObject("data").put("id", "987654321").put("type", "user");
        user.putObject("links").put("related", "https://www.patreon.com/api/user/987654321");
        data.put("type", "member");
        ArrayNode included = document.putArray("included");
        ObjectNode campaignResource = included.addObject();
        campaignResource.putObject("attributes").put("created_at", "2025-01-01T00:00:00.000+00:00")
                .put("creation_name", "a Mastodon server").put("is_monthly", true).put("patron_count", 42)
                .put("url", "https://www.patreon.com/example");
        campaignResource.put("id", "123456").put("type", "campaign");
        ObjectNode userResource = included.addObject();
        userResource.putObject("attributes").put("full_name", "Platform Team")
                .put("url", "https://www.patreon.com/user?u=987654321");
        userResource.put("id", "987654321").put("type", "user");
        if (tierTitle != null) {
            ObjectNode tier = included.addObject();
            tier.putObject("attributes").put("amount_cents", tierCents).put("description", "").put("title", tierTitle);
            tier.put("id", "99001122").put("type", "tier");
        }
        document.putObject("links").put("self", "https://www.patreon.com/api/members/" + memberId);
        return JSON.writeValueAsString(document);
    }

    /** The member document with {@code will_pay_amount_cents} changed, as after a downgrade (paid for this period). */
    static String willPay(int cents, String memberDocument) {
        ObjectNode document = (ObjectNode) JSON.readTree(memberDocument);
        ((ObjectNode) document.get("data").get("attributes")).put("will_pay_amount_cents", cents);
        return JSON.writeValueAsString(document);
    }

    /**
     * A free member (Patreon's free membership): entitled to the campaign's free tier at 0 cents, never charged, no
     * patron status ([unverified]: Patreon documents no example; these are the attribute meanings of
     * {@code _resources_v2.md}).
     */
    static String patreonFreeMember(String memberId) {
        return patreonMember(memberId, null, null, null, 0, null, "Free", 0);
    }
}
