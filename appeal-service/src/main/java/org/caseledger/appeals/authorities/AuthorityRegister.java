package org.caseledger.appeals.authorities;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.appeals.command.Authorities;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The authorities appeals can be addressed to, as a table kept from their events in the transaction that stores
 * them: what filing an appeal looks up for the expected response time, and what {@code GET /api/authorities} lists.
 */
@Component
@ProcessingGroup(AuthorityRegister.PROCESSING_GROUP)
public class AuthorityRegister implements Authorities {

    public static final String PROCESSING_GROUP = "authority-register";

    private static final RowMapper<RegisteredAuthority> ROW = (rs, n) -> new RegisteredAuthority(
            rs.getString("authority_id"),
            rs.getString("name"),
            AuthorityKind.valueOf(rs.getString("kind")),
            rs.getString("country"),
            rs.getInt("expected_response_days"));

    private final JdbcClient jdbc;

    AuthorityRegister(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AuthorityRegistered event) {
        jdbc.sql("""
                        INSERT INTO authority (authority_id, name, kind, country, expected_response_days)
                        VALUES (:id, :name, :kind, :country, :days)
                        ON CONFLICT (authority_id) DO NOTHING
                        """)
                .param("id", event.authorityId().value())
                .param("name", event.name())
                .param("kind", event.kind().name())
                .param("country", event.country())
                .param("days", event.expectedResponseDays())
                .update();
    }

    public Optional<RegisteredAuthority> find(AuthorityId authorityId) {
        return jdbc.sql("SELECT * FROM authority WHERE authority_id = :id")
                .param("id", authorityId.value())
                .query(ROW)
                .optional();
    }

    @Override
    public OptionalInt expectedResponseDays(AuthorityId authorityId) {
        return find(authorityId).map(authority -> OptionalInt.of(authority.expectedResponseDays()))
                .orElse(OptionalInt.empty());
    }

    public List<RegisteredAuthority> all() {
        return jdbc.sql("SELECT * FROM authority ORDER BY country NULLS LAST, kind, name").query(ROW).list();
    }
}
