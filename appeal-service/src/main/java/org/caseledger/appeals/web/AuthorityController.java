package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.RegisterAuthority;
import org.caseledger.appeals.authorities.AuthorityRegister;
import org.caseledger.appeals.authorities.RegisteredAuthority;
import org.caseledger.platform.axon.CommandWrites;
import org.caseledger.platform.command.Recorded;
import org.caseledger.platform.web.Problems;
import org.caseledger.platform.web.WriteAnswers;
import org.caseledger.platform.web.WriteConditions;
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
@Tag(name = "authorities", description = "The authorities appeals are addressed to")
class AuthorityController {

    private final AuthorityRegister register;
    private final CommandWrites writes;

    AuthorityController(AuthorityRegister register, CommandWrites writes) {
        this.register = register;
        this.writes = writes;
    }

    @GetMapping
    @Operation(summary = "List the register", description = "Seeded with the authorities families appeal to most.")
    List<RegisteredAuthority> list() {
        return register.all();
    }

    @GetMapping("/{authorityId}")
    @Operation(summary = "One authority of the register")
    RegisteredAuthority find(@PathVariable String authorityId) {
        return register.find(AuthorityId.of(authorityId))
                .orElseThrow(() -> Problems.notFound("No authority '" + authorityId + "' is registered"));
    }

    @PostMapping
    @Operation(summary = "Register an authority", description = "It is given a new id, and can be appealed to at once.")
    ResponseEntity<RegisteredAuthority> register(@Valid @RequestBody RegisterAuthorityRequest request,
                                                 WriteConditions conditions) {
        Recorded recorded = writes.send(conditions.idempotencyKey(), conditions.requestLine(), request,
                new RegisterAuthority(AuthorityId.random(), request.name().strip(), request.kind(), request.country(),
                        request.expectedResponseDays()));
        String authorityId = recorded.first().aggregateId();
        return WriteAnswers.created(recorded, authorityId, URI.create("/api/authorities/" + authorityId),
                new RegisteredAuthority(authorityId, request.name().strip(), request.kind(), request.country(),
                        request.expectedResponseDays()));
    }
}
