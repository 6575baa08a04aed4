package org.caseledger.platform.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/**
 * Who is asking, as a read model needs to know it: to redact what the role may not see, and to log who read which
 * person's data.
 *
 * @param user the token's {@code preferred_username}
 * @param role the highest of the token's roles
 */
public record Reader(String user, Role role) {

    /** The signed-in caller of the current request; empty for anyone else (a public statistic's reader). */
    public static Optional<Reader> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        return Role.highest(authentication.getAuthorities()).map(role -> new Reader(authentication.getName(), role));
    }

    /** The signed-in caller, where the route table lets nobody else in. */
    public static Reader required() {
        return current().orElseThrow(() -> new IllegalStateException("A route open to anyone asks who reads it"));
    }

    public boolean atLeast(Role other) {
        return role.includes(other);
    }
}
