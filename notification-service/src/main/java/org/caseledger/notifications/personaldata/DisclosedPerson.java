package org.caseledger.notifications.personaldata;

import org.caseledger.api.cases.NameVariant;

import java.util.List;

/** The person's names, as a message to a subscription that may include personal data shows them. */
public record DisclosedPerson(String name, List<NameVariant> nameVariants) {
}
