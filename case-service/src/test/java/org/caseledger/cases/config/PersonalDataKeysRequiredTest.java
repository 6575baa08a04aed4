package org.caseledger.cases.config;

import org.caseledger.cases.CaseServiceApplication;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataKeysRequiredTest {

    private static final String KEK = "test-1:" + "A".repeat(43) + "=";

    @Test
    void refusesToStartWithoutTheKeysDatabaseNamingWhatToSet() {
        assertThatThrownBy(() -> start("--caseledger.personal-data.datasource.url=",
                "--caseledger.personal-data.kek=" + KEK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("case-service holds personal data and does not start without its data keys")
                .hasMessageContaining("CASELEDGER_PERSONAL_DATA_DATASOURCE_URL")
                .hasMessageNotContaining("key-encryption key")
                .hasMessageContaining("docs/personal-data.md");
    }

    @Test
    void refusesToStartWithoutTheKeyEncryptionKeyNamingWhatToSet() {
        assertThatThrownBy(() -> start("--caseledger.personal-data.kek=", "--caseledger.personal-data.kek-file="))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CASELEDGER_PERSONAL_DATA_KEK, or the file named by "
                        + "caseledger.personal-data.kek-file")
                .hasMessageNotContaining("caseledger.personal-data.datasource.url")
                .hasMessageContaining("docs/personal-data.md");
    }

    @Test
    void refusesToStartWithoutKeysEvenWhenSealingIsSwitchedOff() {
        assertThatThrownBy(() -> start("--caseledger.personal-data.datasource.url=",
                "--caseledger.personal-data.kek=", "--caseledger.personal-data.kek-file=",
                "--caseledger.personal-data.sealing=false"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("caseledger.personal-data.datasource.url")
                .hasMessageContaining("CASELEDGER_PERSONAL_DATA_KEK");
    }

    @Test
    void refusesToStartWhenTheCodecIsNotDefinedThoughKeysAreGiven() {
        MockEnvironment environment = keysGiven().withProperty("caseledger.personal-data.kek-file", "/run/kek");
        assertThatThrownBy(() -> new PersonalDataKeysRequired(environment)
                .postProcessBeanFactory(new DefaultListableBeanFactory()))
                .hasMessageContaining("PersonalDataConfiguration, which is not loaded");
    }

    @Test
    void letsTheServiceStartWithItsKeysDatabaseAndKeyEncryptionKey() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("personalDataCodec", new RootBeanDefinition(PersonalDataCodec.class));
        assertThatCode(() -> new PersonalDataKeysRequired(keysGiven().withProperty("caseledger.personal-data.kek", KEK))
                .postProcessBeanFactory(beans)).doesNotThrowAnyException();
    }

    private static MockEnvironment keysGiven() {
        return new MockEnvironment()
                .withProperty("caseledger.personal-data.datasource.url", "jdbc:postgresql://keys/personal_data");
    }

    /** case-service as it is launched, with these arguments; the keys' check stops it before anything connects. */
    private static void start(String... arguments) {
        new SpringApplicationBuilder(CaseServiceApplication.class)
                .properties("axoniq.update-checker.disabled=true")
                .run(arguments)
                .close();
    }
}
