package org.fediflow.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fediflow.workflow.DiagramProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Error answers of the API as RFC 9457 problem details ({@code application/problem+json}): {@code status},
 * {@code title}, {@code detail}, plus {@code error} (the same text as {@code detail}, the field the console and older
 * callers read) or, for a diagram that does not deploy, the contract's {@code errors:[{elementId, message}]}.
 */
final class Problems {

    private Problems() {
    }

    static ProblemDetail problem(HttpStatus status, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        problem.setProperty("error", message);
        return problem;
    }

    static ResponseEntity<ProblemDetail> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem(status, message));
    }

    static ResponseEntity<ProblemDetail> notFound(String message) {
        return answer(HttpStatus.NOT_FOUND, message);
    }

    static ResponseEntity<ProblemDetail> badRequest(String message) {
        return answer(HttpStatus.BAD_REQUEST, message);
    }

    /** 422: the diagram was not deployed, with the contract's {@code errors:[{elementId, message}]}. */
    static ResponseEntity<ProblemDetail> rejected(List<DiagramProblem> problems) {
        return withErrors(problems.stream().map(p -> error(p.elementId(), p.message())).toList());
    }

    static ResponseEntity<ProblemDetail> rejected(String message) {
        return withErrors(List.of(error(null, message)));
    }

    private static ResponseEntity<ProblemDetail> withErrors(List<Map<String, Object>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "the diagram was not deployed: " + errors.size() + " problem(s)");
        problem.setProperty("errors", errors);
        return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** One entry of {@code errors}: {@code {elementId, message}} (elementId null for the whole diagram). */
    static Map<String, Object> error(String elementId, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("elementId", elementId);
        error.put("message", message);
        return error;
    }
}
