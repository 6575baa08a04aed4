package org.caseledger.appeals;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Where appeals to authorities, their answers and the silence when none comes are recorded. */
@SpringBootApplication
public class AppealServiceApplication {

    public static void main(String[] args) {
        // Axon 4.12+ would report to its vendor; this service contacts nobody, however it is launched.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(AppealServiceApplication.class, args);
    }
}
