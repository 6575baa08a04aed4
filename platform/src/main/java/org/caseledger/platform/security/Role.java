package org.caseledger.platform.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a signed-in person may do, from least to most. Each role may do everything the ones before it may: an
 * operator reads what an analyst reads, an admin everything. A token naming several counts as its highest.
 */
public enum Role {
    VIEWER, ANALYST, OPERATOR, ADMIN,
    /**
     * A service's own account, not a person's: it may fetch the data keys that open personal values (projections,
     * notification-service) and nothing else, and no person's role includes it, an admin's neither.
     */
    PERSONAL_DATA_KEYS;

    private static final String PREFIX = "ROLE_";

    /** This role and every role above it. */
    public Set<Role> andAbove() {
        return isService() ? EnumSet.of(this) : EnumSet.range(this, ADMIN);
    }

    public boolean includes(Role other) {
        return isService() || other.isService() ? this == other : compareTo(other) >= 0;
    }

    /** A role of a service account, outside the order of people's roles. */
    public boolean isService() {
        return this == PERSONAL_DATA_KEYS;
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
                .max(Comparator.comparing((Role role) -> !role.isService()).thenComparing(Enum::compareTo));
    }
}
