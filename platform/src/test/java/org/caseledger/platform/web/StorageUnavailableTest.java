package org.caseledger.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class StorageUnavailableTest {

    @Test
    void aConnectionFailureOrAServerShuttingDownSaysTheDatabaseIsUnreachable() {
        assertThat(StorageUnavailable.in(new SQLException("connection refused", "08001"))).isPresent();
        assertThat(StorageUnavailable.in(new SQLException("I/O error", "08006"))).isPresent();
        assertThat(StorageUnavailable.in(new SQLException("terminating connection", "57P01"))).isPresent();
        assertThat(StorageUnavailable.in(new SQLException("the database system is starting up", "57P03"))).isPresent();
        assertThat(StorageUnavailable.in(new SQLTransientConnectionException("pool timed out"))).isPresent();
        assertThat(StorageUnavailable.in(new ConnectException("Connection refused"))).isPresent();
    }

    @Test
    void isFoundAnywhereAmongTheCauses() {
        Throwable wrapped = new IllegalStateException("command failed",
                new CannotGetJdbcConnectionException("no connection", new SQLException("refused", "08001")));
        assertThat(StorageUnavailable.in(wrapped)).containsInstanceOf(CannotGetJdbcConnectionException.class);
    }

    @Test
    void aConnectionThePoolClosedAfterTheServerDroppedItSaysSo() {
        SQLException closed = new SQLException("Connection is closed");
        closed.setStackTrace(new StackTraceElement[]{new StackTraceElement(
                "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection", "lambda$getClosedConnection$0",
                "ProxyConnection.java", 562)});
        assertThat(StorageUnavailable.in(new IllegalStateException(closed))).containsSame(closed);
        assertThat(StorageUnavailable.in(new SQLException("Connection is closed"))).isEmpty();
    }

    @Test
    void aRefusalByTheDatabaseOrAnyOtherFailureIsNot() {
        assertThat(StorageUnavailable.in(new SQLException("duplicate key", "23505"))).isEmpty();
        assertThat(StorageUnavailable.in(new SQLException("canceling statement due to user request", "57014")))
                .isEmpty();
        assertThat(StorageUnavailable.in(new SQLException("no state"))).isEmpty();
        assertThat(StorageUnavailable.in(new DataIntegrityViolationException("check violated"))).isEmpty();
        assertThat(StorageUnavailable.in(new IllegalStateException("a bug"))).isEmpty();
    }

    @Test
    void aChainOfCausesThatLoopsEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(StorageUnavailable.in(first)).isEmpty();
    }
}
