package io.github.apprunnerdjango.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the policy-validation report that synthesis writes (cdk-nag errors and CloudFormation Validate). */
final class ValidationReport {
    private ValidationReport() {
    }

    /** @return one line per violation and construct, or what went wrong reading the report */
    @SuppressWarnings("unchecked")
    static List<String> violations(final Path report) throws IOException {
        final List<String> lines = new ArrayList<>();
        if (!Files.exists(report)) {
            return lines;
        }
        final Map<String, Object> json = new ObjectMapper().readValue(report.toFile(), Map.class);
        for (final Object plugin : (List<Object>) json.get("pluginReports")) {
            final Map<String, Object> p = (Map<String, Object>) plugin;
            for (final Object violation : (List<Object>) p.get("violations")) {
                final Map<String, Object> v = (Map<String, Object>) violation;
                for (final Object construct : (List<Object>) v.get("violatingConstructs")) {
                    lines.add(p.get("pluginName") + " " + v.get("ruleName") + " " + v.get("description")
                            + " @ " + ((Map<String, Object>) construct).get("constructPath"));
                }
            }
        }
        return lines;
    }

    static String describe(final Path report) {
        try {
            return String.join("\n", violations(report));
        } catch (IOException e) {
            return "cannot read " + report + ": " + e;
        }
    }
}
