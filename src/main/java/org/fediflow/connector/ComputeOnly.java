package org.fediflow.connector;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A connector that only computes: it calls nothing outside Fediflow (no network, no program) and has no effect that
 * a retry could repeat, such as rendering a card or writing a log line. Its step runs in the transaction of what came
 * before it (the delivery that started or reached the run, or the step before), not as an asynchronous job of its own:
 * a job costs its own transaction, rows and a hand-over between threads. Steps of every other connector are jobs with
 * their own transaction and retries. If such a step fails, what came before it is rolled back and tried again (a
 * delivery is offered again, a job retried), as it would be had the step been part of it. That is why only shipped
 * steps whose inputs Fediflow itself shapes carry it (the report and sign-up cards): a step that evaluates an
 * operator's expressions ({@code data.set}, {@code core.log}) stays a job, so its failure is an incident of its own run
 * and never holds back the other diagrams started by the same delivery, nor repeats an outside call made before it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ComputeOnly {
}
