package org.caseledger.projections.redaction;

import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;

/**
 * What a reader of each role may see of a case's personal data, by the case's visibility (see docs/access.md, one
 * test per row). A case whose visibility was never stated is RESTRICTED. Whatever is withheld is named in the answer's
 * {@code redacted} list, never silently left out.
 *
 * <pre>
 *                                         VIEWER   ANALYST           OPERATOR          ADMIN
 * the person's data                       PUBLIC   PUBLIC,RESTRICTED PUBLIC,RESTRICTED all
 * recorder names, source references       -        not CONFIDENTIAL  not CONFIDENTIAL  all
 * testimony text                          -        not CONFIDENTIAL  not CONFIDENTIAL  all
 * testimony giver's and relatives' names  -        -                 -                 all
 * </pre>
 */
public final class Redaction {

    private Redaction() {
    }

    /** The visibility that holds: RESTRICTED until one is stated. */
    public static Visibility effective(Visibility stated) {
        return Visibility.orDefault(stated);
    }

    public static boolean personVisible(Role role, Visibility caseVisibility) {
        return switch (effective(caseVisibility)) {
            case PUBLIC -> true;
            case RESTRICTED -> role.includes(Role.ANALYST);
            case CONFIDENTIAL -> role.includes(Role.ADMIN);
        };
    }

    /** Who recorded a fact and the reference of its source, on a timeline entry of this visibility. */
    public static boolean provenanceVisible(Role role, Visibility itemVisibility) {
        return role.includes(Role.ADMIN)
                || (role.includes(Role.ANALYST) && effective(itemVisibility) != Visibility.CONFIDENTIAL);
    }

    public static boolean testimonyTextVisible(Role role, Visibility itemVisibility) {
        return provenanceVisible(role, itemVisibility);
    }

    public static boolean namesOfGiversAndRelativesVisible(Role role) {
        return role.includes(Role.ADMIN);
    }

    /**
     * The visibility a case known at a past moment is shown by: the stricter of the one it had then and the one it
     * has now, so that a later decision to protect a case protects what was known of it before, and a later decision
     * to publish it does not reveal what was kept confidential then.
     */
    public static Visibility stricter(Visibility then, Visibility now) {
        Visibility before = effective(then);
        Visibility current = effective(now);
        return current.ordinal() > before.ordinal() ? current : before;
    }

    /** A timeline item is as confidential as the more confidential of its case and itself (a testimony's own). */
    public static Visibility ofItem(Visibility caseVisibility, Visibility own) {
        Visibility effectiveCase = effective(caseVisibility);
        if (own == null) {
            return effectiveCase;
        }
        return own.ordinal() > effectiveCase.ordinal() ? own : effectiveCase;
    }
}
