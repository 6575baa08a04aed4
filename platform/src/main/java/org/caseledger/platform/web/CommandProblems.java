package org.caseledger.platform.web;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problems raised by Axon while handling a command, for the services that have an event store. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandProblems {

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail onUnknownAggregate(AggregateNotFoundException ex) {
        return Problems.problem(HttpStatus.NOT_FOUND,
                "Nothing is on record here under id '" + ex.getAggregateIdentifier() + "'");
    }

    /** Checked before {@link ConcurrencyException}, which it is a kind of. */
    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ProblemDetail onStaleVersion(ConflictingAggregateVersionException ex) {
        ProblemDetail problem = Problems.problem(HttpStatus.PRECONDITION_FAILED,
                "The record changed since the version named in If-Match: it is now at version "
                        + ex.getActualVersion() + "; read it again before writing");
        problem.setProperty("currentVersion", ex.getActualVersion());
        return problem;
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail onConcurrentChange(ConcurrencyException ex) {
        return Problems.problem(HttpStatus.CONFLICT,
                "Someone else changed this record at the same moment; read it again and retry");
    }
}
