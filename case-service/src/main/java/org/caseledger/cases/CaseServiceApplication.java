package org.caseledger.cases;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Where facts about a person enter the ledger. */
@SpringBootApplication
public class CaseServiceApplication {

    public static void main(String[] args) {
        // Axon 4.12+ would report to its vendor; this service contacts nobody, however it is launched.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(CaseServiceApplication.class, args);
    }
}
