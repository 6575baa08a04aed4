package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.LocalDate;

/**
 * Answer to a request that filed an appeal, directly or by escalating another: its id, the day its response is
 * due, the appeal it escalates (if any), the event that recorded the filing and the appeal's version.
 */
@Schema(example = """
        {"appealId": "5d1e9a0c-3b7f-4e2a-9c6d-8f0a1b2c3d4e", "responseDueOn": "2025-04-03", "escalatedFrom": null,
         "eventId": "e7a9c3d1-5f2b-4a8e-b6c0-9d1e2f3a4b5c", "version": 0}""")
record AppealReceipt(String appealId, LocalDate responseDueOn, String escalatedFrom, String eventId, long version) {
}
