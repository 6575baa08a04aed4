package org.caseledger.cases.web;

import org.caseledger.cases.command.CaseRuleViolation;
import org.caseledger.cases.command.UnknownFact;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** What the case refuses, as problems: a rule of the record (409) or a fact it does not have (422). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CaseProblems {

    @ExceptionHandler(CaseRuleViolation.class)
    ProblemDetail onRuleViolation(CaseRuleViolation ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Refused by the case's record");
        return problem;
    }

    @ExceptionHandler(UnknownFact.class)
    ProblemDetail onUnknownFact(UnknownFact ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, ex.getMessage());
        problem.setTitle("No such fact");
        problem.setProperty("field", "retractedEventId");
        return problem;
    }
}
