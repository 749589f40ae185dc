package uk.carebridge.server.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

import javax.sql.DataSource;

import uk.carebridge.plugin.PartnerState;

/** {@link PartnerState} in the journal database's {@code partner_state} table, one row per partner and key. */
final class JournalPartnerState implements PartnerState {

    private final DataSource dataSource;
    private final String partnerId;

    JournalPartnerState(DataSource dataSource, String partnerId) {
        this.dataSource = dataSource;
        this.partnerId = partnerId;
    }

    @Override
    public Optional<String> get(String key) {
        check(key, "");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select state_value from partner_state where partner_id = ? and state_key = ?")) {
            ps.setString(1, partnerId);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void put(String key, String value) {
        check(key, value);
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = dataSource.getConnection()) {
            // Update, else insert; an insert lost to another instance's insert is retried as an update.
            // (Portable SQL: H2 and PostgreSQL spell upserts differently.)
            for (int attempt = 0; attempt < 2; attempt++) {
                if (update(c, key, value, now) > 0) {
                    return;
                }
                try (PreparedStatement ps = c.prepareStatement("insert into partner_state"
                        + "(partner_id, state_key, state_value, updated_at) values (?, ?, ?, ?)")) {
                    ps.setString(1, partnerId);
                    ps.setString(2, key);
                    ps.setString(3, value);
                    ps.setTimestamp(4, now);
                    ps.executeUpdate();
                    return;
                } catch (SQLException raceWithAnotherInstance) {
                    if (attempt == 1) {
                        throw raceWithAnotherInstance;
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private int update(Connection c, String key, String value, Timestamp now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update partner_state set state_value = ?, updated_at = ?"
                + " where partner_id = ? and state_key = ?")) {
            ps.setString(1, value);
            ps.setTimestamp(2, now);
            ps.setString(3, partnerId);
            ps.setString(4, key);
            return ps.executeUpdate();
        }
    }

    @Override
    public void remove(String key) {
        check(key, "");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from partner_state where partner_id = ? and state_key = ?")) {
            ps.setString(1, partnerId);
            ps.setString(2, key);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private static void check(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("a partner state key must be 1-" + MAX_KEY + " characters");
        }
        if (value == null || value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("a partner state value must be at most " + MAX_VALUE + " characters");
        }
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " the state of partner " + partnerId
                + " in the journal database: " + e.getMessage(), e);
    }
}
