package org.caseledger.cases.config;

import org.caseledger.cases.RunningCaseService;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store appends a unit of work's events as one JDBC batch of {@code INSERT}s; the service's connections send
 * such a batch to the server as multi-row statements (the platform's defaults), rather than one statement per event.
 */
class BatchedInsertsIT extends RunningCaseService {

    @Autowired
    DataSource dataSource;

    @Test
    void theEventStoresConnectionsSendABatchOfInsertsAsMultiRowStatements() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.unwrap(BaseConnection.class).getQueryExecutor().isReWriteBatchedInsertsEnabled())
                    .isTrue();
        }
    }
}
