package org.caseledger.cases.config;

import org.caseledger.platform.web.BodyAllowance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * An import file holds thousands of rows, far more than the 256 KiB a single fact may take; it is read whole before
 * a row is recorded, so its limit bounds the memory an import needs.
 */
@Configuration(proxyBeanMethods = false)
class ImportConfiguration {

    @Bean
    BodyAllowance importFiles(@Value("${caseledger.imports.max-file-size:16MB}") DataSize maxFileSize) {
        return new BodyAllowance("/api/imports", maxFileSize,
                "split the file and import the parts one after another");
    }
}
