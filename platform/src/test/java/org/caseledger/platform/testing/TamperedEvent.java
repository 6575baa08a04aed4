package org.caseledger.platform.testing;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/**
 * One byte of a stored event's payload altered by the database superuser, behind the service's back, as someone with
 * the database's keys could; closing it puts the byte back, so that a store shared by a module's tests verifies
 * again.
 */
public final class TamperedEvent implements AutoCloseable {

    private static final int BYTE = 2;

    private final JdbcClient superuser;
    private final String aggregateId;
    private final long sequence;
    private final String eventId;

    private TamperedEvent(JdbcClient superuser, String aggregateId, long sequence) {
        this.superuser = superuser;
        this.aggregateId = aggregateId;
        this.sequence = sequence;
        this.eventId = superuser.sql("SELECT eventidentifier FROM domainevententry "
                        + "WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .params(aggregateId, sequence).query(String.class).single();
        flip();
    }

    public static TamperedEvent alterOneByte(DataSource superuser, String aggregateId, long sequence) {
        return new TamperedEvent(JdbcClient.create(superuser), aggregateId, sequence);
    }

    public String eventId() {
        return eventId;
    }

    @Override
    public void close() {
        flip();
    }

    private void flip() {
        int changed = superuser.sql("UPDATE domainevententry SET payload = set_byte(payload, " + BYTE + ", get_byte("
                        + "payload, " + BYTE + ") # 1) WHERE aggregateidentifier = ? AND sequencenumber = ?")
                .params(aggregateId, sequence).update();
        if (changed != 1) {
            throw new IllegalStateException("No event " + sequence + " of " + aggregateId + " to alter");
        }
    }
}
