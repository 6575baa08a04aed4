package org.caseledger.platform.personaldata;

import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestKeyHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys' database as case-service lays it out (its owner runs the migrations, the service runs as the runtime
 * role): an erasure removes the key and vacuums the table as the runtime role, so that no dead row version keeps the
 * wrapped key's bytes.
 */
class JdbcDataKeysIT {

    private static final String DATABASE = "personal_data_erasure";
    private static JdbcDataKeys keys;

    @BeforeAll
    static void migrate() {
        keys = TestKeyHolder.keysIn(RealInfrastructure.get().database(DATABASE),
                KeyEncryptionKeys.generate("erasure-test"));
    }

    @Test
    void anErasureRemovesTheKeyAndVacuumsItsTable() {
        JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource(DATABASE));
        assertThat(keys.sealing("subject-1")).isInstanceOf(DataKey.Present.class);

        keys.erase("subject-1", "asked by the family");

        assertThat(keys.opening("subject-1")).isEqualTo(DataKey.ERASED);
        assertThat(superuser.sql("SELECT wrapped_key IS NULL AND erased_at IS NOT NULL FROM data_key "
                + "WHERE subject_id = 'subject-1'").query(Boolean.class).single()).isTrue();
        assertThat(superuser.sql("""
                        SELECT coalesce(s.last_vacuum >= k.created_at, FALSE)
                          FROM pg_stat_user_tables s, data_key k
                         WHERE s.relname = 'data_key' AND k.subject_id = 'subject-1'""")
                .query(Boolean.class).single()).as("the table was vacuumed after the key was made and removed").isTrue();
    }
}
