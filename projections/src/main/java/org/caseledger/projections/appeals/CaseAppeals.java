package org.caseledger.projections.appeals;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The appeals made for one case, oldest first. */
@Schema(example = """
        {"caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f", "items": [
          {"appealId": "5d1e9a0c-3b7f-4e2a-9c6d-8f0a1b2c3d4e", "caseId": "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f",
           "authority": {"authorityId": "kz-foreign-ministry",
                         "name": "Ministry of Foreign Affairs of the Republic of Kazakhstan",
                         "kind": "FOREIGN_MINISTRY", "country": "KZ", "expectedResponseDays": 30},
           "channel": "LETTER", "filedBy": "RELATIVE", "filedOn": "2025-03-04", "responseDueOn": "2025-04-03",
           "status": "OVERDUE", "daysWaiting": 45, "firstResponse": null, "firstResponseOn": null, "followUps": 1,
           "outcome": null, "closedOn": null, "escalatedFrom": null, "escalatedTo": null, "version": 2}]}""")
record CaseAppeals(String caseId, List<AppealView> items) {
}
