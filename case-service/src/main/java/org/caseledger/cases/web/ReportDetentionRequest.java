package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/cases}: the detention that opens a case. */
@Schema(description = "The detention that opens a case", example = """
        {"person": {"name": "Nurlan Kokteubaev",
                    "nameVariants": [{"text": "Нурлан Коктеубаев", "script": "CYRILLIC"}],
                    "gender": "MALE", "birth": {"ageFrom": 40, "ageTo": 49, "ageAsOfYear": 2017},
                    "ethnicity": "Kazakh", "citizenships": ["KZ"],
                    "hometown": {"county": "Zhaosu", "prefecture": "Ili"}},
         "detention": {"date": "2017-11", "place": "Zhaosu County", "facilityId": "106", "kind": "CAMP"},
         "source": {"type": "RELATIVE_TESTIMONY", "reliability": "LIKELY", "reference": "his wife"}}""")
record ReportDetentionRequest(@NotNull @Valid PersonRequest person,
                              @NotNull @Valid DetentionRequest detention,
                              @NotNull @Valid SourceRequest source) {
}
