package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppellantRole;

import java.time.LocalDate;

/** Body of {@code POST /api/appeals}: an appeal made to an authority for a case, on a day. */
record FileAppealRequest(@Schema(description = "a case known to the appeal service",
                                 example = "0b7f6c1e-9d2a-4c3b-8e5f-6a1d2c3b4e5f")
                         @NotBlank @Size(max = 64) String caseId,
                         @Schema(description = "an authority of the register", example = "kz-foreign-ministry")
                         @NotBlank @Size(max = 64) String authorityId,
                         @Schema(example = "LETTER") @NotNull AppealChannel channel,
                         @Schema(description = "who made the appeal, by role; never a name", example = "RELATIVE")
                         @NotNull AppellantRole filedBy,
                         @Schema(description = "the day the appeal was made, not in the future", example = "2025-03-04")
                         @NotNull LocalDate date,
                         @Schema(example = "Asked the ministry to find out where he is held")
                         @NotBlank @Size(max = 4000) String summary) {
}
