package org.caseledger.notifications.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the controllers that only the roles with write rights may use: managing subscriptions and reading or
 * re-driving deliveries is for OPERATOR and ADMIN. The service's route table ({@code config.AccessConfiguration})
 * enforces it for every operation, and the access matrix test checks each against it; an architecture test checks
 * that every controller carries this mark, so that a new controller is written knowing who may call it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface OperatorsOnly {
}
