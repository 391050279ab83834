package org.fediflow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a test class for the slow lane: it drives a browser, a real {@code sshd}, S3Mock, several node JVMs or an
 * outage, or runs many flows end to end with a context of its own (the example diagrams, the secrets proof), or is the
 * PostgreSQL twin of a contract whose H2 twin runs in the fast lane (a context of its own on a real server).
 * {@code mvn test} (the fast lane) leaves these out; {@code mvn verify} runs them through Failsafe.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
public @interface Slow {
}
