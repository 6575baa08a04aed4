package org.caseledger.cases.web;

import jakarta.validation.constraints.NotNull;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;

record SourceRequest(@NotNull SourceType type) {

    Source toSource() {
        return new Source(type);
    }
}
