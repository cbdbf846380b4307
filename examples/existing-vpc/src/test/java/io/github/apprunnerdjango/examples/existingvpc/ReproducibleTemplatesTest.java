package io.github.apprunnerdjango.examples.existingvpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * How to snapshot-test your own app. The library's templates are reproducible: the same sources
 * give byte-identical template files from synth to synth and from JVM to JVM (no timestamp, no
 * random id, no unordered map). So a snapshot test compares the template text as written to the
 * cloud assembly, with no normaliser.
 *
 * <p>This test synthesizes the app twice, once here and once in a new JVM the way {@code cdk synth}
 * runs it ({@link ExistingVpcApp#main} with the context in {@code CDK_CONTEXT_JSON}), and compares the
 * template files byte for byte. A new JVM matters: the iteration order of {@code Map.of} with
 * several entries changes from JVM to JVM, so a map whose order reaches a template (metadata, tags)
 * must be a {@code LinkedHashMap} or a {@code TreeMap}. The README's "Testing your app" compares the
 * templates with committed snapshots instead ({@code src/test/resources/snapshots/<stack>.template.json},
 * rewritten on purpose and reviewed when your code, the library or the image digest changes).
 */
class ReproducibleTemplatesTest {
    @Test
    void twoSynthsWriteByteIdenticalTemplates(@TempDir final Path here, @TempDir final Path cli)
            throws IOException, InterruptedException {
        final CloudAssembly assembly = synthHere(here);
        synthInANewJvm(cli);
        final List<String> templates = assembly.getStacks().stream()
                .map(CloudFormationStackArtifact::getTemplateFile).sorted().toList();
        assertEquals(List.of(ExistingVpcApp.PREFIX + "-Admin.template.json",
                ExistingVpcApp.PREFIX + "-Data.template.json", ExistingVpcApp.PREFIX + "-Web.template.json"), templates);
        assertEquals(templates, templateFiles(cli));
        for (final String template : templates) {
            assertEquals(Files.readString(here.resolve(template)), Files.readString(cli.resolve(template)), template);
        }
    }

    private static CloudAssembly synthHere(final Path outdir) {
        final App app = CdkJson.app(outdir);
        ExistingVpcApp.build(app, null);
        return app.synth();
    }

    /** Runs {@link ExistingVpcApp#main} as {@code cdk synth} does, environment-agnostic. */
    private static void synthInANewJvm(final Path outdir) throws IOException, InterruptedException {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final ProcessBuilder process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ExistingVpcApp.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(outdir.resolveSibling(outdir.getFileName() + ".log").toFile());
        final Map<String, String> env = process.environment();
        env.remove("CDK_DEFAULT_ACCOUNT");
        env.remove("CDK_DEFAULT_REGION");
        env.put("CDK_OUTDIR", outdir.toString());
        env.put("CDK_CONTEXT_JSON", new ObjectMapper().writeValueAsString(CdkJson.context()));
        final Process running = process.start();
        if (!running.waitFor(2, TimeUnit.MINUTES)) {
            running.destroyForcibly();
            throw new AssertionError("cdk synth in a new JVM timed out");
        }
        assertEquals(0, running.exitValue(), () -> "cdk synth in a new JVM failed:\n"
                + readQuietly(outdir.resolveSibling(outdir.getFileName() + ".log")));
    }

    private static List<String> templateFiles(final Path outdir) throws IOException {
        try (Stream<Path> files = Files.list(outdir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".template.json")).sorted().toList();
        }
    }

    private static String readQuietly(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
