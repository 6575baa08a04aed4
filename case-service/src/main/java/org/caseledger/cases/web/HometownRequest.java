package org.caseledger.cases.web;

import jakarta.validation.constraints.Size;
import org.caseledger.api.cases.Hometown;

record HometownRequest(@Size(max = 200) String county, @Size(max = 200) String prefecture) {

    Hometown toHometown() {
        return new Hometown(Text.orNull(county), Text.orNull(prefecture));
    }
}
