package org.fediflow;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Every start that fails for a known reason ends with one line: what is wrong and how to fix it. Spring Boot's own
 * report, which says the same in a dozen lines, is switched off in application.yml; the stack trace is logged at debug
 * only.
 */
class OneLineFailureReport implements FailureAnalysisReporter {

    @Override
    public void report(FailureAnalysis analysis) {
        System.err.println(line(analysis));
    }

    static String line(FailureAnalysis analysis) {
        String what = analysis.getDescription() == null ? "" : analysis.getDescription().strip().replaceAll("\\s+", " ");
        String fix = analysis.getAction() == null ? "" : analysis.getAction().strip().replaceAll("\\s+", " ");
        return "Fediflow did not start: " + what + (fix.isEmpty() ? "" : " — " + fix);
    }
}
