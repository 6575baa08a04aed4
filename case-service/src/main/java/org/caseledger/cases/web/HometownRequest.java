package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Hometown;

record HometownRequest(@Schema(example = "Zhaosu") @Size(max = 200) String county,
                       @Schema(example = "Ili") @Size(max = 200) String prefecture) {

    Hometown toHometown() {
        return new Hometown(Text.orNull(county), Text.orNull(prefecture));
    }
}
