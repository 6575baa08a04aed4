package org.caseledger.platform.testing;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A data source that writes down every statement it executes and every commit, in order: each is a round trip to the
 * database (a batch is one). What a test counts, so that a round trip that comes back fails it.
 */
public final class CountingDataSource extends DelegatingDataSource {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final List<String> executed = new ArrayList<>();
    private volatile Consumer<String> beforeEach = sql -> {
    };

    public CountingDataSource(DataSource target) {
        super(target);
    }

    /** The statements executed since the last call, and forgets them. */
    public synchronized List<String> executedSinceLastAsked() {
        List<String> since = List.copyOf(executed);
        executed.clear();
        return since;
    }

    /** Runs before each statement is sent, given its text: a way to let another party act in between. */
    public void beforeEach(Consumer<String> hook) {
        beforeEach = hook;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(super.getConnection(username, password));
    }

    private synchronized void wrote(String sql) {
        executed.add(sql);
    }

    private Connection counted(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commit") || method.getName().equals("rollback")) {
                wrote(method.getName().toUpperCase(java.util.Locale.ROOT));
            }
            Object result = invoke(connection, method, args);
            if (result instanceof PreparedStatement prepared && method.getName().equals("prepareStatement")) {
                return statement(prepared, PreparedStatement.class, (String) args[0]);
            }
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return statement(statement, Statement.class, null);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                handler);
    }

    private <S extends Statement> S statement(S statement, Class<S> type, String prepared) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                String sql = prepared != null ? prepared
                        : args != null && args.length > 0 ? (String) args[0] : "(batch)";
                beforeEach.accept(sql);
                wrote(sql);
            }
            return invoke(statement, method, args);
        };
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
