package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answer to what was recorded on an existing appeal: the event that records it, and the appeal's version. */
@Schema(example = """
        {"appealId": "5d1e9a0c-3b7f-4e2a-9c6d-8f0a1b2c3d4e", "eventId": "b2c4d6e8-0a1b-4c3d-8e5f-7a9b1c3d5e7f",
         "version": 2}""")
record AppealFactReceipt(String appealId, String eventId, long version) {
}
