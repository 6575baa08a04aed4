package org.caseledger.projections.statistics;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A data source whose queries are each run twice: first under {@code EXPLAIN (ANALYZE, BUFFERS)} with the same
 * parameters, its plan handed to {@code plans}, then as asked. For reading where an answer's time goes, statement by
 * statement, as the code under test writes its SQL, without copying that SQL into the benchmark.
 */
public final class ExplainingDataSource {

    private ExplainingDataSource() {
    }

    public static DataSource explaining(DataSource dataSource, Consumer<String> plans) {
        return proxy(DataSource.class, dataSource, (method, args, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, (Connection) result, (connectionMethod, connectionArgs, statement) ->
                connectionMethod.getName().equals("prepareStatement")
                        ? statement((Connection) result, (String) connectionArgs[0], (PreparedStatement) statement,
                        plans)
                        : statement)
                : result);
    }

    private static PreparedStatement statement(Connection connection, String sql, PreparedStatement statement,
                                               Consumer<String> plans) {
        List<Object[]> parameters = new ArrayList<>();
        return (PreparedStatement) Proxy.newProxyInstance(ExplainingDataSource.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length >= 2
                            && args[0] instanceof Integer) {
                        parameters.add(new Object[] {method, args});
                    }
                    if (method.getName().equals("executeQuery") && (args == null || args.length == 0)) {
                        plans.accept(plan(connection, sql, parameters));
                    }
                    return invoke(method, statement, args);
                });
    }

    private static String plan(Connection connection, String sql, List<Object[]> parameters) throws Exception {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            for (Object[] parameter : parameters) {
                ((Method) parameter[0]).invoke(explain, (Object[]) parameter[1]);
            }
            StringBuilder plan = new StringBuilder(sql.strip()).append('\n');
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append("    ").append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private interface Wrap {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Wrap wrap) {
        InvocationHandler handler = (proxy, method, args) -> wrap.apply(method, args, invoke(method, target, args));
        return (T) Proxy.newProxyInstance(ExplainingDataSource.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
