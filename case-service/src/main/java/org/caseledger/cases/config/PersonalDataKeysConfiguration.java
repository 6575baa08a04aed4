package org.caseledger.cases.config;

import org.caseledger.cases.command.SubjectKeys;
import org.caseledger.platform.personaldata.JdbcDataKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The case destroys its subjects' keys in the keys' database of platform's {@code personaldata}. */
@Configuration(proxyBeanMethods = false)
class PersonalDataKeysConfiguration {

    @Bean
    SubjectKeys subjectKeys(JdbcDataKeys keys) {
        return keys::erase;
    }
}
