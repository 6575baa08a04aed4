package org.caseledger.notifications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Tells the people who wait for news of a case when it comes: signed webhooks and e-mail, never names unless allowed. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    public static void main(String[] args) {
        // The api module brings Axon's annotations; Axon 4.12+ would report to its vendor, and this service contacts nobody.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(NotificationServiceApplication.class, args);
    }
}
