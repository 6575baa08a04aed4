package org.caseledger.platform.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Holds the consumers whose names are like a pattern once they have got far enough, so that a test can cut them off
 * midway however fast they run: a trigger on {@code consumer_position} makes a transaction that stores such a
 * consumer's position wait for an advisory lock this session holds, once {@code consumers} of those names have a
 * position and their positions add up to more than {@code beyond}. What waits is uncommitted, so a crash or a kill then
 * loses it, as a process's death would. The transactions decide one after another (a second advisory lock, taken as
 * they store their first position and held until they end), so one alone goes past {@code beyond} however many
 * consumers store at once; a transaction let through goes on (it may store several partitions' positions). Until the
 * last of the consumers has a position the others go on too, since a held transaction keeps the locks it has taken,
 * which another consumer may need for its first batch.
 *
 * <p>Closing lets go first and then takes the trigger away: a transaction still waiting, of a process killed while it
 * waited, goes on to find its client gone and is rolled back. The holding session is no one else's, so a test cutting
 * every other session of the database ({@link #pid}) leaves it.
 */
public final class PositionsHeld implements AutoCloseable {

    private static final long LOCK = 0x636f7079L;
    private final Connection session;
    private final int pid;

    private PositionsHeld(Connection session, String pattern, int consumers, long beyond) throws SQLException {
        this.session = session;
        try (Statement statement = session.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            statement.execute("""
                    CREATE FUNCTION hold_positions() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.consumer_name LIKE %1$s
                           AND current_setting('hold_positions.let_through', true) IS DISTINCT FROM 'yes' THEN
                            PERFORM pg_advisory_xact_lock(%5$d);
                            IF (SELECT count(DISTINCT consumer_name) >= %2$d AND COALESCE(sum(next_offset), 0) > %3$d
                                  FROM consumer_position WHERE consumer_name LIKE %1$s) THEN
                                PERFORM pg_advisory_xact_lock(%4$d);
                            ELSE
                                PERFORM set_config('hold_positions.let_through', 'yes', true);
                            END IF;
                        END IF;
                        RETURN NEW;
                    END $$""".formatted(literal(pattern), consumers, beyond, LOCK, LOCK + 1));
            statement.execute("CREATE TRIGGER hold_positions BEFORE INSERT OR UPDATE ON consumer_position "
                    + "FOR EACH ROW EXECUTE FUNCTION hold_positions()");
            try (ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                row.next();
                this.pid = row.getInt(1);
            }
        }
    }

    /**
     * Holds the consumers named like {@code pattern} (SQL {@code LIKE}) once {@code consumers} of them have a position
     * and their positions add up to more than {@code beyond}.
     */
    public static PositionsHeld of(DataSource superuser, String pattern, int consumers, long beyond)
            throws SQLException {
        Connection session = superuser.getConnection();
        try {
            return new PositionsHeld(session, pattern, consumers, beyond);
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The holding session's process. */
    public int pid() {
        return pid;
    }

    /** How many transactions wait for this hold. */
    public long waiting() throws SQLException {
        try (PreparedStatement statement = session.prepareStatement("SELECT count(*) FROM pg_locks "
                + "WHERE locktype = 'advisory' AND NOT granted AND classid::bigint = 0 AND objid::bigint = ?")) {
            statement.setLong(1, LOCK);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (session; Statement statement = session.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            statement.execute("DROP TRIGGER hold_positions ON consumer_position");
            statement.execute("DROP FUNCTION hold_positions()");
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
