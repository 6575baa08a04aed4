package org.caseledger.cases.config;

import org.caseledger.cases.command.SubjectKeys;
import org.caseledger.platform.personaldata.JdbcDataKeys;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.Collection;

/**
 * case-service holds the data keys of platform's {@code personaldata}: it will not start without them, and the case
 * destroys its subjects' keys there.
 */
@Configuration(proxyBeanMethods = false)
class PersonalDataKeysConfiguration {

    @Bean
    static BeanFactoryPostProcessor personalDataKeysRequired(Environment environment) {
        return new PersonalDataKeysRequired(environment);
    }

    @Bean
    SubjectKeys subjectKeys(JdbcDataKeys keys) {
        return new SubjectKeys() {
            @Override
            public void destroy(String subjectId, String reason) {
                keys.erase(subjectId, reason);
            }

            @Override
            public void prepare(String subjectId) {
                keys.sealing(subjectId);
            }

            @Override
            public void prepareAll(Collection<String> subjectIds) {
                keys.sealingAll(subjectIds);
            }
        };
    }
}
