package org.fediflow;

import java.sql.SQLException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** A database Fediflow cannot reach or log in to: which one, what it said, what to check. */
class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String url = environment == null ? "?" : environment.getProperty("spring.datasource.url", "?")
                .replaceAll("(?i)(password=)[^;&]*", "$1…");
        return new FailureAnalysis("Cannot use the database " + url + ": " + cause.getMessage(),
                "Check spring.datasource.url, .username and .password (SPRING_DATASOURCE_URL, …) and that the database"
                        + " server is running and reachable from here.", cause);
    }
}
