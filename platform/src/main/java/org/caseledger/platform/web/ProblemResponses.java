package org.caseledger.platform.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.caseledger.platform.command.Refusal;
import org.caseledger.platform.command.UnknownReference;
import org.caseledger.platform.idempotency.IdempotencyKeyReused;
import org.caseledger.platform.personaldata.DataKeysUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.lang.reflect.Executable;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every error as {@code application/problem+json}, with a detail a person can act on: which field, what was wrong,
 * what would be accepted, in the words of JSON rather than of the Java classes behind it. Nothing here changes
 * state; a rejected request has stored nothing.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final Duration retryAfter;

    ProblemResponses(@Value("${caseledger.web.retry-after:5s}") Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (causedBy(ex, RequestBodyLimit.BodyTooLarge.class)) {
            ProblemDetail tooLarge = Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE,
                    ex.getMostSpecificCause().getMessage());
            return handleExceptionInternal(ex, tooLarge, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        String duplicate = duplicateField(ex);
        ProblemDetail problem = duplicate != null
                ? Problems.problem(HttpStatus.BAD_REQUEST, duplicate, "is given more than once; send every field once")
                : unreadable(jsonCause(ex));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", messageOf(error)))
                .toList();
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, errors.stream()
                .map(error -> error.get("field") + ": " + error.get("message"))
                .collect(Collectors.joining("; ")));
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).get("field"));
        }
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<String> fields = new ArrayList<>();
        String detail = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> {
                    fields.add(result.getMethodParameter().getParameterName());
                    return result.getMethodParameter().getParameterName() + ": " + error.getDefaultMessage();
                }))
                .collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, detail);
        if (!fields.isEmpty()) {
            problem.setProperty("field", fields.get(0));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Whatever Spring answers by itself (405, 415, an unknown path) is titled as this system titles it. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            problem.setTitle(Problems.title(statusCode));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail onParameterTypeMismatch(MethodArgumentTypeMismatchException ex) {
        Class<?> type = ex.getParameter().nestedIfOptional().getNestedParameterType();
        return Problems.problem(HttpStatus.BAD_REQUEST, ex.getName(),
                "'" + ex.getValue() + "' is not accepted; expected " + describe(type));
    }

    @ExceptionHandler(Refusal.class)
    ProblemDetail onRefusal(Refusal refusal) {
        return Problems.problem(HttpStatus.CONFLICT, refusal.getMessage());
    }

    @ExceptionHandler(UnknownReference.class)
    ProblemDetail onUnknownReference(UnknownReference unknown) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, unknown.field(), unknown.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReused.class)
    ProblemDetail onIdempotencyKeyReused(IdempotencyKeyReused reused) {
        return Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, WriteConditions.IDEMPOTENCY_KEY, reused.getMessage());
    }

    /**
     * A database that does not answer is not a fault of the request: 503 with {@code Retry-After}, so that a client
     * sends the same request again (with the same {@code Idempotency-Key}, a retry of a write that did get through is
     * answered as the first time and stores nothing twice). So is a statement the database cancelled because it read
     * for longer than its timeout: the service is too busy for it now, or the question is too wide.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> onUnexpected(Exception ex) {
        Optional<DataKeysUnavailable> noKeys = causeOf(ex, DataKeysUnavailable.class);
        if (noKeys.isPresent()) {
            return keysUnavailable(noKeys.get());
        }
        Optional<UnknownReference> unknown = causeOf(ex, UnknownReference.class);
        if (unknown.isPresent()) {
            return ResponseEntity.unprocessableEntity().body(onUnknownReference(unknown.get()));
        }
        Optional<Throwable> unreachable = StorageUnavailable.in(ex);
        if (unreachable.isPresent()) {
            log.warn("The database did not answer ({}: {}); answered 503", unreachable.get().getClass().getName(),
                    unreachable.get().getMessage());
            return unavailable(
                    "The ledger's database is not answering in time, so the request was not carried out; send it again in "
                            + retryAfter.toSeconds() + " seconds (a write with the same Idempotency-Key is recorded "
                            + "once however often it is sent)");
        }
        if (causeOf(ex, QueryTimeoutException.class).isPresent()) {
            log.warn("A statement read for longer than its timeout and was cancelled; answered 503");
            return unavailable(
                    "The database took longer to read this than the service allows, so the reading was stopped; "
                            + "send it again in " + retryAfter.toSeconds() + " seconds, or ask for less (narrower "
                            + "filters)");
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure, reference {}", reference, ex);
        ProblemDetail problem = Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed on our side; quote reference " + reference + " when reporting it");
        problem.setProperty("reference", reference);
        return ResponseEntity.internalServerError().body(problem);
    }

    /**
     * The service that holds the data keys did not answer, so a personal value could not be sealed and nothing was
     * stored: 503 with {@code Retry-After}, as for a database that does not answer, never a value stored in clear.
     */
    @ExceptionHandler(DataKeysUnavailable.class)
    ResponseEntity<ProblemDetail> keysUnavailable(DataKeysUnavailable ex) {
        log.warn("The holder of the data keys did not answer ({}); answered 503", ex.getMessage());
        return unavailable("The service that holds the data keys (case-service) is not answering, so the personal data "
                + "in the request could not be sealed and nothing was stored; send it again in "
                + retryAfter.toSeconds() + " seconds (a write with the same Idempotency-Key is recorded once "
                + "however often it is sent)");
    }

    /** 503 with the problem and {@code Retry-After}: the request may be sent again as it is, after that wait. */
    private ResponseEntity<ProblemDetail> unavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()))
                .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, detail));
    }

    /** A failure a command's unit of work wrapped on its way out (sealing runs as the events are stored). */
    private static <T extends Throwable> Optional<T> causeOf(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    private static ProblemDetail unreadable(Throwable cause) {
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return Problems.problem(HttpStatus.BAD_REQUEST, fieldPath(mapping.getPath()), explain(mapping));
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return Problems.problem(HttpStatus.BAD_REQUEST, "The body must be " + describe(mismatch.getTargetType()));
        }
        if (cause instanceof JsonParseException parse) {
            return Problems.problem(HttpStatus.BAD_REQUEST, "The body is not valid JSON: " + parse.getOriginalMessage());
        }
        if (cause instanceof JsonProcessingException) {
            return Problems.problem(HttpStatus.BAD_REQUEST, "The body is not a JSON value this operation accepts");
        }
        return Problems.problem(HttpStatus.BAD_REQUEST, "A JSON body is required");
    }

    /**
     * The path of a field given twice, when that is what the parser stopped at: the parser's own position names it,
     * wherever in the object the reading had got to.
     */
    private static String duplicateField(Throwable ex) {
        JsonParseException parse = null;
        for (Throwable cause = ex; cause != null && parse == null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException found && found.getOriginalMessage() != null
                    && found.getOriginalMessage().startsWith("Duplicate field")) {
                parse = found;
            }
        }
        JsonParser parser = parse == null ? null : parse.getProcessor();
        if (parser == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null; context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                names.add(0, context.getCurrentName());
            } else if (context.inArray()) {
                names.add(0, "[" + Math.max(context.getCurrentIndex(), 0) + "]");
            }
        }
        return String.join(".", names).replace(".[", "[");
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable jsonCause(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return cause;
            }
        }
        return ex;
    }

    private static String explain(JsonMappingException mapping) {
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return "unknown field; accepted fields here are " + unknown.getKnownPropertyIds();
        }
        if (mapping instanceof InvalidFormatException format && format.getTargetType() != null) {
            return "'" + format.getValue() + "' is not accepted; expected " + describe(format.getTargetType());
        }
        if (mapping instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return instantiation.getCause().getMessage();
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        return "is not a value this field accepts";
    }

    /** What a Java type looks like in JSON, without naming the type. */
    static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == int.class || type == long.class || type == short.class || type == byte.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || readFromText(type)) {
            return "a text";
        }
        if (type == LocalDate.class) {
            return "a date as YYYY-MM-DD";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type.isRecord()) {
            return "a JSON object with fields " + Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getName).toList();
        }
        return "a value of the kind the API description shows";
    }

    /** A value type written as text: one made from a text by its creator, or written as one. */
    private static boolean readFromText(Class<?> type) {
        Stream<Executable> creators = Stream.concat(Arrays.stream(type.getDeclaredMethods()),
                Arrays.stream(type.getDeclaredConstructors()));
        return creators.anyMatch(creator -> creator.isAnnotationPresent(JsonCreator.class)
                && creator.getParameterCount() == 1 && creator.getParameterTypes()[0] == String.class)
                || Arrays.stream(type.getDeclaredMethods()).anyMatch(method -> method.isAnnotationPresent(JsonValue.class)
                && method.getReturnType() == String.class);
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
    }
}
