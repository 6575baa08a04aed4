package org.caseledger.bench.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTokensTest {

    @Test
    void givesEachRoleTheTokenItsVariablesName() {
        RoleTokens tokens = RoleTokens.of(Map.of("CASELEDGER_TOKEN_ANALYST", "analyst-token",
                "CASELEDGER_TOKEN_COMMAND_ADMIN", "echo admin-token"), TokenSource.fixed("operator-token"));

        assertThat(tokens.forRole(RoleTokens.ANALYST).authorization()).contains("Bearer analyst-token");
        assertThat(tokens.forRole(RoleTokens.ADMIN).authorization()).contains("Bearer admin-token");
        assertThat(tokens.standard().authorization()).contains("Bearer operator-token");
    }

    /** A stack without sign-in needs no token per role, and one with a single token given uses it for every role. */
    @Test
    void givesARoleWithoutATokenOfItsOwnTheRunsToken() {
        RoleTokens tokens = RoleTokens.of(Map.of(), TokenSource.fixed("the-token"));

        assertThat(tokens.forRole(RoleTokens.ADMIN).authorization()).contains("Bearer the-token");
        assertThat(RoleTokens.of(Map.of(), TokenSource.none()).forRole(RoleTokens.ANALYST).authorization()).isEmpty();
    }
}
