package org.caseledger.bench.bulk;

import org.caseledger.bench.stack.Stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the event store of case-service holds, read from its database as the count check reads it. */
final class Ledger {

    private Ledger() {
    }

    static long events(Stack stack) throws SQLException {
        try (Connection connection = stack.databases().connect(stack.databaseNames().cases());
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM domainevententry")) {
            count.next();
            return count.getLong(1);
        }
    }
}
