package org.caseledger.platform.axon;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateEventKeysTest {

    final DuplicateEventKeys resolver = new DuplicateEventKeys();

    @Test
    void aUniqueViolationAnywhereAmongTheCausesIsADuplicateKey() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(resolver.isDuplicateKeyViolation(duplicate)).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("append failed", duplicate))).isTrue();
    }

    @Test
    void aBatchThatNamesTheViolationOnlyAsItsNextExceptionIsADuplicateKey() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));
        assertThat(resolver.isDuplicateKeyViolation(batch)).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("violates check constraint", "23514"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("a bug"))).isFalse();
    }
}
