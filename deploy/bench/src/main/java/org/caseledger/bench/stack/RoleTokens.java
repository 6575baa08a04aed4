package org.caseledger.bench.stack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bearer tokens of the run, by role: most requests carry the one token of {@link TokenSource#of}, the operator's
 * on the local stack, and the phases that need another role ask for that role's. An export is for analysts and a
 * rebuild for admins ({@code docs/access.md}); the operator's token would export too, but the export is measured as
 * the analysts it is for receive it. A role without a token of its own gets the run's one token, so a stack without
 * sign-in needs none.
 */
public final class RoleTokens {

    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";
    static final List<String> ROLES = List.of(ANALYST, ADMIN);

    private final TokenSource standard;
    private final Map<String, TokenSource> byRole;

    private RoleTokens(TokenSource standard, Map<String, TokenSource> byRole) {
        this.standard = standard;
        this.byRole = Collections.unmodifiableMap(new LinkedHashMap<>(byRole));
    }

    /** Every request with the same token. */
    public static RoleTokens only(TokenSource standard) {
        return new RoleTokens(standard, Map.of());
    }

    /**
     * The run's token, and for each role {@code $CASELEDGER_TOKEN_<ROLE>} or else
     * {@code $CASELEDGER_TOKEN_COMMAND_<ROLE>} (e.g.
     * {@code CASELEDGER_TOKEN_COMMAND_ADMIN='deploy/local/token admin'}), a command run again before its token expires,
     * as the run's own.
     */
    public static RoleTokens of(Map<String, String> environment, TokenSource standard) {
        Map<String, TokenSource> byRole = new LinkedHashMap<>();
        for (String role : ROLES) {
            String suffix = "_" + role.toUpperCase(Locale.ROOT);
            String token = environment.get(TokenSource.TOKEN_VARIABLE + suffix);
            String command = environment.get(TokenSource.COMMAND_VARIABLE + suffix);
            if (token != null && !token.isBlank() || command != null && !command.isBlank()) {
                byRole.put(role, TokenSource.of(Map.of(), token, command));
            }
        }
        return new RoleTokens(standard, byRole);
    }

    public RoleTokens with(String role, TokenSource tokens) {
        Map<String, TokenSource> byRole = new LinkedHashMap<>(this.byRole);
        byRole.put(role, tokens);
        return new RoleTokens(standard, byRole);
    }

    public TokenSource standard() {
        return standard;
    }

    public TokenSource forRole(String role) {
        return byRole.getOrDefault(role, standard);
    }

    public String describe() {
        return standard.describe() + byRole.entrySet().stream()
                .map(entry -> "; as " + entry.getKey() + ", " + entry.getValue().describe())
                .collect(Collectors.joining());
    }
}
