package org.caseledger.cases.config;

import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;

/**
 * case-service refuses to start without its data keys. Without them platform's event store and publisher would
 * still run, storing and publishing every personal value in clear, and no erasure could ever reach those copies: a
 * forgotten setting must stop the service, not quietly turn sealing off. It is checked once every bean is defined and
 * before any is made, so nothing has connected or stored anything yet when the service stops.
 * {@code caseledger.personal-data.sealing=false} does not lift it: that switch only stops sealing in a service that
 * has its keys, which erasure still needs.
 */
final class PersonalDataKeysRequired implements BeanFactoryPostProcessor {

    private final Environment environment;

    PersonalDataKeysRequired(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beans) {
        List<String> missing = new ArrayList<>();
        if (blank("caseledger.personal-data.datasource.url")) {
            missing.add("the keys' database: caseledger.personal-data.datasource.url "
                    + "(CASELEDGER_PERSONAL_DATA_DATASOURCE_URL), with its runtime role "
                    + "caseledger.personal-data.datasource.username and .password and its owner "
                    + "caseledger.personal-data.flyway.user and .password");
        }
        if (blank("caseledger.personal-data.kek") && blank("caseledger.personal-data.kek-file")) {
            missing.add("the key-encryption key: CASELEDGER_PERSONAL_DATA_KEK, or the file named by "
                    + "caseledger.personal-data.kek-file (CASELEDGER_PERSONAL_DATA_KEK_FILE), lines "
                    + "'<id>:<base64 of 32 random bytes>'");
        }
        if (missing.isEmpty() && beans.getBeanNamesForType(PersonalDataCodec.class, true, false).length == 0) {
            missing.add("platform's PersonalDataConfiguration, which is not loaded (is it excluded?)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("case-service holds personal data and does not start without its data "
                    + "keys, since it would store and publish personal data in clear. Set " + String.join("; and ",
                    missing) + ". See docs/personal-data.md, \"The keys\".");
        }
    }

    private boolean blank(String property) {
        String value = environment.getProperty(property);
        return value == null || value.isBlank();
    }
}
