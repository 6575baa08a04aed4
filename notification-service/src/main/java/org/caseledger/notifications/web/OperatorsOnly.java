package org.caseledger.notifications.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the controllers that only the roles with write rights may use: managing subscriptions and reading or
 * re-driving deliveries is for OPERATOR and ADMIN. Every controller of this service carries it (an architecture
 * test checks), so when sign-in arrives the rule is one line here: {@code @PreAuthorize("hasAnyRole('OPERATOR',
 * 'ADMIN')")}, which Spring Security reads from a meta-annotation. TODO (#8): add it when sign-in lands.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface OperatorsOnly {
}
