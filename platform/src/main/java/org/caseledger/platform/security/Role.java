package org.caseledger.platform.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a signed-in person may do, from least to most. Each role may do everything the ones before it may: an
 * operator reads what an analyst reads, an admin everything. A token naming several counts as its highest.
 */
public enum Role {
    VIEWER, ANALYST, OPERATOR, ADMIN;

    private static final String PREFIX = "ROLE_";

    /** This role and every role above it. */
    public Set<Role> andAbove() {
        return EnumSet.range(this, ADMIN);
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public GrantedAuthority authority() {
        return new SimpleGrantedAuthority(PREFIX + name());
    }

    /** A role name as a token's {@code roles} claim gives it; any other name is no role of this system. */
    public static Optional<Role> named(Object name) {
        return Arrays.stream(values()).filter(role -> role.name().equals(name)).findFirst();
    }

    /** The highest of the roles among these authorities; empty when there is none. */
    public static Optional<Role> highest(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(PREFIX))
                .map(authority -> named(authority.substring(PREFIX.length())))
                .flatMap(Optional::stream)
                .max(Enum::compareTo);
    }
}
