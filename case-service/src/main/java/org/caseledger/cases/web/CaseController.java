package org.caseledger.cases.web;

import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.cases.numbering.CaseNumbers;
import org.caseledger.platform.axon.CommandTransaction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Operators record facts about a person here; each accepted request becomes events in the case's history. */
@RestController
@RequestMapping("/api/cases")
class CaseController {

    private final CommandGateway commands;
    private final CaseNumbers caseNumbers;
    private final CommandTransaction transaction;

    CaseController(CommandGateway commands, CaseNumbers caseNumbers, CommandTransaction transaction) {
        this.commands = commands;
        this.caseNumbers = caseNumbers;
        this.transaction = transaction;
    }

    @PostMapping
    ResponseEntity<CaseOpened> reportDetention(@Valid @RequestBody ReportDetentionRequest request) {
        CaseId caseId = CaseId.random();
        // The number and the case's first event commit together.
        long caseNumber = transaction.execute(() -> {
            long number = caseNumbers.next();
            commands.sendAndWait(new ReportDetention(caseId, number, request.person().toPerson(),
                    request.detention().toDetention(), request.source().toSource()));
            return number;
        });
        return ResponseEntity.created(URI.create("/api/cases/" + caseId.value()))
                .body(new CaseOpened(caseId.value(), caseNumber));
    }

    @PostMapping("/{caseId}/releases")
    ResponseEntity<FactRecorded> recordRelease(@PathVariable String caseId,
                                               @Valid @RequestBody RecordReleaseRequest request) {
        commands.sendAndWait(new RecordRelease(CaseId.of(caseId), request.date(), request.conditions(),
                request.source().toSource(), null));
        return ResponseEntity.status(HttpStatus.CREATED).body(new FactRecorded(caseId));
    }
}
