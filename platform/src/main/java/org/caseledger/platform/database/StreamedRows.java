package org.caseledger.platform.database;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Map;

/**
 * A query's rows handed one at a time to a callback and fetched in batches, for an answer streamed in constant memory
 * whatever the table's size. PostgreSQL sends a result in batches of the fetch size only inside a transaction, and all
 * at once otherwise: the query runs in a read-only one.
 */
public final class StreamedRows {

    private final NamedParameterJdbcTemplate cursor;
    private final TransactionTemplate readOnly;

    public StreamedRows(DataSource dataSource, PlatformTransactionManager transactions, int fetchSize) {
        JdbcTemplate batched = new JdbcTemplate(dataSource);
        batched.setFetchSize(fetchSize);
        this.cursor = new NamedParameterJdbcTemplate(batched);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public void query(String sql, Map<String, ?> params, RowCallbackHandler eachRow) {
        readOnly.executeWithoutResult(transaction -> cursor.query(sql, params, eachRow));
    }
}
