package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

/**
 * The source a fact was taken from.
 *
 * @param reference which source of that type: a document number, an article, "the wife's first testimony"; two
 *                  facts come from different sources when type or reference differ
 */
public record Source(SourceType type, Reliability reliability, @PersonalData String reference) {

    public Source(SourceType type) {
        this(type, Reliability.UNKNOWN, null);
    }

    public boolean isCredible() {
        return reliability == null || reliability.isCredible();
    }

    public boolean sameAs(Source other) {
        return type == other.type && java.util.Objects.equals(reference, other.reference);
    }
}
