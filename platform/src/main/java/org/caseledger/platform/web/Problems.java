package org.caseledger.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.Map;

/**
 * The one way this system says no: {@code application/problem+json} with the same title for the same status in
 * every service, a detail a person can act on, and the request field it is about as {@code field} (and at the start
 * of the detail) where there is one.
 */
public final class Problems {

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Invalid request"),
            Map.entry(401, "Sign-in required"),
            Map.entry(403, "Not allowed for your role"),
            Map.entry(404, "Not found"),
            Map.entry(405, "Method not allowed"),
            Map.entry(409, "Conflicts with the record"),
            Map.entry(412, "Stale version"),
            Map.entry(413, "Request body too large"),
            Map.entry(415, "Unsupported media type"),
            Map.entry(422, "Cannot be recorded"),
            Map.entry(500, "Internal error"),
            Map.entry(503, "Temporarily unavailable"));

    private Problems() {
    }

    /** A problem of this status, titled as every problem of it is. */
    public static ProblemDetail problem(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title(status));
        return problem;
    }

    /** A problem with one field of the request, named in the detail and as {@code field}. */
    public static ProblemDetail problem(HttpStatusCode status, String field, String detail) {
        ProblemDetail problem = problem(status, field + ": " + detail);
        problem.setProperty("field", field);
        return problem;
    }

    /** The title every problem of a status has. */
    public static String title(HttpStatusCode status) {
        String title = TITLES.get(status.value());
        if (title != null) {
            return title;
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error " + status.value() : known.getReasonPhrase();
    }

    /** 400: the request itself is wrong; fixing the field fixes it. */
    public static ErrorResponseException invalid(String field, String detail) {
        return raise(problem(HttpStatus.BAD_REQUEST, field, detail));
    }

    /** 404: nothing is on record under the id in the path. */
    public static ErrorResponseException notFound(String detail) {
        return raise(problem(HttpStatus.NOT_FOUND, detail));
    }

    /** 409: the record refuses the request as it stands. */
    public static ErrorResponseException conflict(String detail) {
        return raise(problem(HttpStatus.CONFLICT, detail));
    }

    /** 422: a well-formed request names something that is not on record where it must be. */
    public static ErrorResponseException unprocessable(String field, String detail) {
        return raise(problem(HttpStatus.UNPROCESSABLE_ENTITY, field, detail));
    }

    private static ErrorResponseException raise(ProblemDetail problem) {
        return new ErrorResponseException(HttpStatus.valueOf(problem.getStatus()), problem, null);
    }
}
