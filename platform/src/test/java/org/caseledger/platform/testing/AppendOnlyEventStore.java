package org.caseledger.platform.testing;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checks, through a service's own connection, that its event store takes new events and nothing else. */
public final class AppendOnlyEventStore {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private AppendOnlyEventStore() {
    }

    /**
     * Tries to rewrite, remove and truncate the stored events of an aggregate; each attempt must be refused by
     * PostgreSQL for lack of privilege, and the events must all still be there.
     */
    public static void assertChangesRefused(JdbcClient serviceConnection, String aggregateId) {
        long stored = eventsOf(serviceConnection, aggregateId);
        assertThat(stored).as("events of %s to tamper with", aggregateId).isPositive();

        List<String> tampering = List.of(
                "UPDATE domainevententry SET payload = convert_to('{}', 'UTF8') WHERE aggregateidentifier = :id",
                "DELETE FROM domainevententry WHERE aggregateidentifier = :id",
                "TRUNCATE domainevententry");
        for (String sql : tampering) {
            assertThatThrownBy(() -> {
                JdbcClient.StatementSpec statement = serviceConnection.sql(sql);
                (sql.contains(":id") ? statement.param("id", aggregateId) : statement).update();
            })
                    .as(sql)
                    .rootCause()
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                            .as("SQLSTATE of: %s", e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        }
        assertThat(eventsOf(serviceConnection, aggregateId)).isEqualTo(stored);
    }

    private static long eventsOf(JdbcClient connection, String aggregateId) {
        return connection.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = :id")
                .param("id", aggregateId).query(Long.class).single();
    }
}
