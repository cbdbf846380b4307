package io.github.apprunnerdjango.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.apprunnerdjango.testing.TestApps;
import software.amazon.awscdk.Stack;

/**
 * Runs AWS Control Tower's proactive controls, as the cfn-guard rules and binary of the npm package
 * {@code @cdklabs/cdk-validator-cfnguard} (a pinned devDependency) publish them, over every template
 * of an app in one cfn-guard run, the way the package's CDK plugin does (its lib/plugin.js).
 */
final class ControlTowerGuard {
    static final Path PACKAGE = TestApps.repoRoot().resolve("node_modules/@cdklabs/cdk-validator-cfnguard");
    private static final Pattern RESOURCE = Pattern.compile("^/Resources/([^/]+)");

    private ControlTowerGuard() {
    }

    /** One non-compliant resource: the rule, the stack and the resource's logical id. */
    record Finding(String rule, String stack, String resource) implements Comparable<Finding> {
        @Override
        public int compareTo(final Finding o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return rule + " " + stack + " " + resource;
        }
    }

    /** @return the package's cfn-guard binary for this machine (bin/ubuntu or bin/macos, then the CPU) */
    static Path binary() {
        final String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "macos" : "ubuntu";
        final String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch64" : "x86_64";
        final Path binary = PACKAGE.resolve("bin").resolve(os).resolve(arch).resolve("cfn-guard");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is missing: run `npm ci` (devDependency @cdklabs/cdk-validator-cfnguard)");
        }
        return binary;
    }

    /**
     * @param app a synthesized app
     * @return every (rule, stack, resource) the Control Tower rules find non-compliant, sorted
     */
    static Set<Finding> run(final AppMatrix.Built app) {
        app.assembly();
        final Path dir = app.outdir.resolve("control-tower");
        final List<String> command = new ArrayList<>(List.of(binary().toString(), "validate",
                "--rules", PACKAGE.resolve("rules/control-tower/cfn-guard").toString()));
        try {
            Files.createDirectories(dir);
            for (final Stack stack : app.stacks) {
                final Path template = dir.resolve(stack.getStackName() + ".json");
                Files.writeString(template, resolvedImports(app.templateText(stack)));
                command.addAll(List.of("--data", template.toString()));
            }
            command.addAll(List.of("--output-format", "json", "--show-summary", "none", "--structured"));
            final Path out = dir.resolve("guard-output.json");
            final Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cfn-guard took more than 120 s");
            }
            // exit code 19: some rule failed; 0: none; anything else: cfn-guard itself failed
            if (process.exitValue() != 0 && process.exitValue() != 19) {
                throw new AssertionError("cfn-guard exited with " + process.exitValue() + ": " + command);
            }
            return findings(new ObjectMapper().readTree(out.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A cross-stack reference ({@code Fn::ImportValue}) becomes the string it names. The controls run
     * as CloudFormation hooks, which see the resolved properties
     * (https://docs.aws.amazon.com/cloudformation-cli/latest/hooks-userguide/what-is-cloudformation-hooks.html):
     * a subnet id imported from the network stack is a string there, while the rules read statically
     * accept only a string or a reference to a resource of the same template.
     */
    @SuppressWarnings("unchecked")
    static String resolvedImports(final String template) throws IOException {
        final ObjectMapper json = new ObjectMapper();
        final Object tree = replaceImports(json.readValue(template, Object.class));
        return json.writeValueAsString(tree);
    }

    @SuppressWarnings("unchecked")
    private static Object replaceImports(final Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Fn::ImportValue")) {
                return "imported:" + map.get("Fn::ImportValue");
            }
            final Map<String, Object> copy = new java.util.LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, replaceImports(v)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(ControlTowerGuard::replaceImports).toList();
        }
        return node;
    }

    /** @return each rule's non-compliant resources, by the paths cfn-guard reports under /Resources/ */
    static Set<Finding> findings(final JsonNode report) {
        final Set<Finding> findings = new TreeSet<>();
        for (final JsonNode file : report) {
            final String stack = Path.of(file.path("name").asText()).getFileName().toString().replaceFirst("\\.json$", "");
            for (final JsonNode failure : file.path("not_compliant")) {
                final String rule = failure.path("Rule").path("name").asText();
                final Set<String> resources = new TreeSet<>();
                collectResources(failure, resources);
                resources.forEach(r -> findings.add(new Finding(rule, stack, r)));
                if (resources.isEmpty()) {
                    findings.add(new Finding(rule, stack, "?"));
                }
            }
        }
        return findings;
    }

    private static void collectResources(final JsonNode node, final Set<String> resources) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("path") && e.getValue().isTextual()) {
                    final Matcher m = RESOURCE.matcher(e.getValue().asText());
                    if (m.find()) {
                        resources.add(m.group(1));
                    }
                } else {
                    collectResources(e.getValue(), resources);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectResources(n, resources));
        }
    }
}
