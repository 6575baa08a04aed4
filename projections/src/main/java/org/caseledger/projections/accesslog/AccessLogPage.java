package org.caseledger.projections.accesslog;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of the access log, newest first. */
@Schema(example = """
        {"items": [{"entryId": 42, "at": "2026-03-02T10:15:30Z", "user": "analyst.dana", "role": "ANALYST",
                    "endpoint": "GET /api/cases/{caseId}", "caseIds": ["0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f"],
                    "dataClasses": ["PERSON"]}],
         "page": 0, "size": 50, "totalItems": 1}""")
record AccessLogPage(List<AccessLogEntry> items, int page, int size, long totalItems) {
}
