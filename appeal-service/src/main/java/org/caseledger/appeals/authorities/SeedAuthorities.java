package org.caseledger.appeals.authorities;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.RegisterAuthority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The authorities families in Kazakhstan and Kyrgyzstan appeal to most, registered through the same command as any
 * other so that every reader of the appeals topic learns them. Their ids are stable slugs. The expected response
 * times are round figures: national bodies are bound by their appeal laws to answer within about a month; the UN
 * working groups give governments 60 days to reply to a communication.
 */
@Component
class SeedAuthorities {

    static final List<RegisterAuthority> SEED = List.of(
            seed("kz-foreign-ministry", "Ministry of Foreign Affairs of the Republic of Kazakhstan",
                    AuthorityKind.FOREIGN_MINISTRY, "KZ", 30),
            seed("kz-ombudsman", "Commissioner for Human Rights in the Republic of Kazakhstan",
                    AuthorityKind.OMBUDSMAN, "KZ", 30),
            seed("kg-foreign-ministry", "Ministry of Foreign Affairs of the Kyrgyz Republic",
                    AuthorityKind.FOREIGN_MINISTRY, "KG", 30),
            seed("kg-ombudsman", "Ombudsman (Akyikatchy) of the Kyrgyz Republic",
                    AuthorityKind.OMBUDSMAN, "KG", 30),
            seed("cn-embassy-bishkek", "Embassy of the People's Republic of China in Bishkek",
                    AuthorityKind.EMBASSY, "CN", 30),
            seed("cn-embassy-astana", "Embassy of the People's Republic of China in Astana",
                    AuthorityKind.EMBASSY, "CN", 30),
            seed("cn-consulate-almaty", "Consulate General of the People's Republic of China in Almaty",
                    AuthorityKind.CONSULATE, "CN", 30),
            seed("un-wgeid", "UN Working Group on Enforced or Involuntary Disappearances",
                    AuthorityKind.UN_WORKING_GROUP, null, 60),
            seed("un-wgad", "UN Working Group on Arbitrary Detention",
                    AuthorityKind.UN_WORKING_GROUP, null, 60));

    private static final Logger log = LoggerFactory.getLogger(SeedAuthorities.class);

    private final AuthorityRegister register;
    private final CommandGateway commands;

    SeedAuthorities(AuthorityRegister register, CommandGateway commands) {
        this.register = register;
        this.commands = commands;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerMissing() {
        for (RegisterAuthority authority : SEED) {
            if (register.find(authority.authorityId()).isPresent()) {
                continue;
            }
            try {
                commands.sendAndWait(authority);
                log.info("Registered seed authority {}", authority.authorityId().value());
            } catch (RuntimeException e) {
                // Another instance starting at the same moment registered it first; its event is the one on record.
                log.info("Seed authority {} was not registered here: {}", authority.authorityId().value(),
                        e.getMessage());
            }
        }
    }

    private static RegisterAuthority seed(String id, String name, AuthorityKind kind, String country, int days) {
        return new RegisterAuthority(new AuthorityId(id), name, kind, country, days);
    }
}
