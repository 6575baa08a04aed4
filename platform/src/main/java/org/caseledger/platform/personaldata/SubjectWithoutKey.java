package org.caseledger.platform.personaldata;

import org.caseledger.platform.command.UnknownReference;

/**
 * A value was to be sealed for a subject the holder of the keys has no key for: none of the subject's values was ever
 * sealed there. A service that only fetches keys does not make one (the holder alone makes keys, for the subjects of
 * its own records), so it refuses to store the value rather than store it in clear. Nothing was stored.
 */
public class SubjectWithoutKey extends UnknownReference {

    /** @param field the request field that names the subject, as the client sent it */
    public SubjectWithoutKey(String field, String subject) {
        super(field, "the holder of the data keys has no key for '" + subject + "': no personal value of this "
                + "subject was ever sealed there (a case recorded before its personal data was sealed), so this "
                + "one cannot be sealed either and was not stored");
    }
}
