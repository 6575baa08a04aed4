package org.caseledger.platform.personaldata;

/**
 * The service that holds the data keys did not answer, or answered with an error: a value that had to be sealed or
 * opened with its subject's key was not, and nothing that needed it was stored. The same request or record, tried
 * again once the holder answers, goes through.
 */
public class DataKeysUnavailable extends IllegalStateException {

    public DataKeysUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
