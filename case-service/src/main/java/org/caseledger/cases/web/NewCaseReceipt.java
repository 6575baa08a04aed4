package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Answer to a detention report that opened a case: its id, its citable number, the id of the event that recorded
 * the detention (which a correction can name) and the case's version.
 */
@Schema(example = """
        {"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "caseNumber": 1042,
         "eventId": "4f6c2a9e-8d3b-4b1e-9a57-0c2f1d7e5b31", "version": 1}""")
record NewCaseReceipt(String caseId, long caseNumber, String eventId, long version) {
}
