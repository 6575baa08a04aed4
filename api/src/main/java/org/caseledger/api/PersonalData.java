package org.caseledger.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component that identifies a person, so that it can be protected (encrypted per person, erased by
 * forgetting the key) without changing the message that carries it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /**
     * The record component, in the message that carries this value, holding the id of the person the value is
     * about: their key encrypts it. The case's person by default; a testimony giver or a relative has their own.
     */
    String subject() default "caseId";
}
