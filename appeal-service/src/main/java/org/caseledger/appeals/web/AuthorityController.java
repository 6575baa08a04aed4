package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import org.caseledger.platform.axon.CommandWrites;
import org.caseledger.platform.web.WriteConditions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.RegisterAuthority;
import org.caseledger.appeals.authorities.AuthorityRegister;
import org.caseledger.appeals.authorities.RegisteredAuthority;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** The register of authorities appeals are addressed to. */
@RestController
@RequestMapping("/api/authorities")
class AuthorityController {

    private final CommandGateway commands;
    private final AuthorityRegister register;
    private final CommandWrites writes;

    AuthorityController(CommandGateway commands, AuthorityRegister register, CommandWrites writes) {
        this.writes = writes;
        this.commands = commands;
        this.register = register;
    }

    @GetMapping
    List<RegisteredAuthority> list() {
        return register.all();
    }

    @GetMapping("/{authorityId}")
    RegisteredAuthority find(@PathVariable String authorityId) {
        return register.find(AuthorityId.of(authorityId))
                .orElseThrow(() -> Problems.notFound("No authority '" + authorityId + "' is registered"));
    }

    @PostMapping
    ResponseEntity<?> register(@Valid @RequestBody RegisterAuthorityRequest request,
                               @Parameter(hidden = true) WriteConditions conditions) {
        RegisterAuthority registration = new RegisterAuthority(AuthorityId.random(), request.name().strip(),
                request.kind(), request.country(), request.expectedResponseDays());
        return writes.write(conditions, "/api/authorities", request, () -> {
            commands.sendAndWait(registration);
            return ResponseEntity.created(URI.create("/api/authorities/" + registration.authorityId().value()))
                    .body(new RegisteredAuthority(registration.authorityId().value(), registration.name(),
                            registration.kind(), registration.country(), registration.expectedResponseDays()));
        });
    }
}
