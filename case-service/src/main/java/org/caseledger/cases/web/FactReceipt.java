package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answer to a write on a case: the event that records the fact, which a correction can name, and the case's version. */
@Schema(example = """
        {"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "eventId": "a3d1c9e7-2b4f-4e6a-8c0d-1f2e3d4c5b6a",
         "version": 3}""")
record FactReceipt(String caseId, String eventId, long version) {
}
