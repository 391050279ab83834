package org.fediflow.donations;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The tables {@code donation_entry} and {@code donor_member}. Every change is one conditional statement, so
 * two nodes (or two engine threads) recording snapshots of the same member at once cannot lose an update.
 */
@Repository
class Ledger {

    private static final String ENTRY_COLUMNS = "id, source, external_id, message_id, member_id, charge_date, "
            + "occurred_at, donor_name, is_public, amount, currency, kind, cadence_months, tier, message, status, "
            + "mastodon_handle, sender_type, pledge_amount";

    private final JdbcTemplate jdbc;

    Ledger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored entry with its id. */
    record Stored(long id, LedgerEntry entry) {
    }

    /** The entry for the same payment or the same Ko-fi message, if one is stored. */
    Optional<Stored> find(LedgerEntry entry) {
        List<Stored> found = jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM donation_entry WHERE source = ? "
                        + "AND (external_id = ? OR message_id = ?) ORDER BY id", Ledger::stored, entry.source(),
                entry.externalId(), entry.messageId());
        return found.stream().findFirst();
    }

    Optional<Stored> get(long id) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM donation_entry WHERE id = ?", Ledger::stored, id)
                .stream().findFirst();
    }

    /** @return the new entry's id; a concurrent insert of the same payment fails on the unique keys */
    long insert(LedgerEntry e, String detailVersion, Instant now) {
        OffsetDateTime at = utc(now);
        jdbc.update("INSERT INTO donation_entry (source, external_id, message_id, member_id, charge_date, occurred_at, "
                        + "donor_name, is_public, amount, currency, kind, cadence_months, tier, message, status, "
                        + "status_rank, detail_version, mastodon_handle, sender_type, pledge_amount, recorded_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.source(), e.externalId(), e.messageId(), e.memberId(), utc(e.chargeDate()), utc(e.occurredAt()),
                cut(e.donorName(), 255), e.isPublic(), e.amount(), e.currency(), e.kind().code, e.cadenceMonths(),
                cut(e.tier(), 255), cut(e.message(), 2000), e.status().code, e.status().rank, detailVersion,
                cut(e.mastodonHandle(), 255), cut(e.senderType(), 64), e.pledgeAmount(), at, at);
        return jdbc.queryForObject("SELECT id FROM donation_entry WHERE source = ? AND external_id = ?", Long.class,
                e.source(), e.externalId());
    }

    /** Moves the entry to a further status; @return true when it moved */
    boolean advanceStatus(long id, LedgerEntry.Status status, Instant now) {
        return jdbc.update("UPDATE donation_entry SET status = ?, status_rank = ?, updated_at = ? "
                + "WHERE id = ? AND status_rank < ?", status.code, status.rank, utc(now), id, status.rank) == 1;
    }

    /**
     * Takes pledge, tier and cadence from a snapshot of an earlier state of the charge: the pledge charged is
     * best known from the snapshot nearest to the charge, not from one taken after a later pledge change.
     */
    void takeDetailsFromEarlierState(long id, LedgerEntry e, String detailVersion, Instant now) {
        jdbc.update("UPDATE donation_entry SET pledge_amount = ?, tier = ?, cadence_months = ?, donor_name = ?, "
                        + "detail_version = ?, updated_at = ? WHERE id = ? AND detail_version > ?",
                e.pledgeAmount(), cut(e.tier(), 255), e.cadenceMonths(), cut(e.donorName(), 255), detailVersion,
                utc(now), id, detailVersion);
    }

    /**
     * Holds the member's row until the transaction ends, so that two snapshots of one member (two nodes, two
     * engine threads) are recorded one after the other and each sees the other's charges when booking amounts.
     *
     * @return the member's {@code patron_status} before this snapshot; null when unknown
     */
    String lockMember(String memberId) {
        return jdbc.query("SELECT patron_status FROM donor_member WHERE member_id = ? FOR UPDATE",
                rs -> rs.next() ? rs.getString(1) : null, memberId);
    }

    /** Books each of the member's Patreon charges at what it took ({@link PatreonCharges}). */
    void rebookCharges(String memberId, Instant now) {
        List<PatreonCharges.Charge> charges = jdbc.query("SELECT id, charge_date, cadence_months, pledge_amount, status "
                        + "FROM donation_entry WHERE source = 'patreon' AND member_id = ? AND pledge_amount IS NOT NULL",
                (rs, n) -> {
                    int cadence = rs.getInt("cadence_months");
                    Integer cadenceMonths = rs.wasNull() ? null : cadence;
                    return new PatreonCharges.Charge(rs.getLong("id"),
                            rs.getObject("charge_date", OffsetDateTime.class).toInstant(), cadenceMonths,
                            rs.getBigDecimal("pledge_amount"), LedgerEntry.Status.ofCode(rs.getString("status")));
                }, memberId);
        PatreonCharges.charged(charges).forEach((id, amount) -> jdbc.update(
                "UPDATE donation_entry SET amount = ?, updated_at = ? WHERE id = ? AND amount <> ?",
                amount, utc(now), id, amount));
    }

    /** Stores the member's state unless a snapshot of a later state is already stored. */
    boolean updateMember(PatreonSnapshot s, String currency, Instant now) {
        Instant asOf = later(s.chargeDate(), s.pledgeStart());
        int updated = jdbc.update("UPDATE donor_member SET patron_status = ?, currently_entitled_amount_cents = ?, "
                        + "currency = ?, pledge_cadence = ?, tier = ?, updated_at = ?, snapshot_version = ?, recorded_at = ? "
                        + "WHERE member_id = ? AND snapshot_version <= ?",
                s.patronStatus(), s.amountCents(), currency, s.cadenceMonths(), cut(s.tier(), 255), utc(asOf),
                s.version(), utc(now), s.memberId(), s.version());
        if (updated == 1) {
            return true;
        }
        Integer present = jdbc.queryForObject("SELECT COUNT(*) FROM donor_member WHERE member_id = ?", Integer.class,
                s.memberId());
        if (present != null && present > 0) {
            return false;
        }
        jdbc.update("INSERT INTO donor_member (member_id, source, patron_status, currently_entitled_amount_cents, "
                        + "currency, pledge_cadence, tier, updated_at, snapshot_version, recorded_at) "
                        + "VALUES (?, 'patreon', ?, ?, ?, ?, ?, ?, ?, ?)",
                s.memberId(), s.patronStatus(), s.amountCents(), currency, s.cadenceMonths(), cut(s.tier(), 255),
                utc(asOf), s.version(), utc(now));
        return true;
    }

    /** A paid or otherwise settled entry in a period, for the funding summary. */
    record Payment(Instant occurredAt, BigDecimal amount, String currency, String kind, String source,
                   String donorKey) {
    }

    List<Payment> paidSince(Instant since) {
        return jdbc.query("SELECT occurred_at, amount, currency, kind, source, donor_name, external_id "
                        + "FROM donation_entry WHERE status = 'paid' AND occurred_at >= ?",
                (rs, n) -> new Payment(rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("kind"),
                        rs.getString("source"), donorKey(rs.getString("donor_name"), rs.getString("external_id"))),
                utc(since));
    }

    /** An active Patreon member's pledge. */
    record Pledge(long amountCents, String currency, int cadenceMonths) {
    }

    List<Pledge> activePledges() {
        return jdbc.query("SELECT currently_entitled_amount_cents, currency, pledge_cadence FROM donor_member "
                        + "WHERE patron_status = 'active_patron'",
                (rs, n) -> new Pledge(rs.getLong(1), rs.getString(2), Math.max(1, rs.getInt(3))));
    }

    // Donors are counted, never listed: an anonymous payment counts as a donor of its own.
    private static String donorKey(String name, String externalId) {
        return name == null ? "#" + externalId : name.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        OffsetDateTime charge = rs.getObject("charge_date", OffsetDateTime.class);
        int cadence = rs.getInt("cadence_months");
        Integer cadenceMonths = rs.wasNull() ? null : cadence;
        return new Stored(rs.getLong("id"), new LedgerEntry(rs.getString("source"), rs.getString("external_id"),
                rs.getString("message_id"), rs.getString("member_id"), charge == null ? null : charge.toInstant(),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("donor_name"),
                rs.getBoolean("is_public"), rs.getBigDecimal("amount"), rs.getString("currency"),
                "recurring".equals(rs.getString("kind")) ? LedgerEntry.Kind.RECURRING : LedgerEntry.Kind.ONE_OFF,
                cadenceMonths, rs.getString("tier"), rs.getString("message"),
                LedgerEntry.Status.ofCode(rs.getString("status")), rs.getString("mastodon_handle"),
                rs.getString("sender_type"), rs.getBigDecimal("pledge_amount")));
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
