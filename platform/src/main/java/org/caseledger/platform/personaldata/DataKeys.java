package org.caseledger.platform.personaldata;

import java.util.Collection;

/** Where a codec finds the keys of data subjects. */
public interface DataKeys {

    /** The key that opens this subject's values. */
    DataKey opening(String subject);

    /**
     * The values of these subjects are about to be opened: a holder that asks another service for keys asks for
     * those it does not hold in as few requests as it can, so that opening them finds them held. Only a readiness: a
     * key not got here is asked for when its value is opened, as always.
     */
    default void openingSoon(Collection<String> subjects) {
    }

    /**
     * The key that seals this subject's values, made on first use where this holder may make keys; {@link DataKey#ERASED}
     * once the subject was erased, when a value is kept only as the placeholder; {@link DataKey#UNKNOWN} where this
     * holder may not make keys and none was made, when the value is not stored at all ({@link SubjectWithoutKey}).
     */
    DataKey sealing(String subject);

    /** Hears that a subject was erased ({@code PersonalDataErased} was read): a key held in memory is forgotten. */
    default void erased(String subject) {
    }

    /** A holder that has no keys and makes none: every value it opens is withheld. */
    DataKeys NONE = new DataKeys() {
        @Override
        public DataKey opening(String subject) {
            return DataKey.UNKNOWN;
        }

        @Override
        public DataKey sealing(String subject) {
            throw new IllegalStateException("This holder has no data keys and cannot seal personal data");
        }
    };
}
