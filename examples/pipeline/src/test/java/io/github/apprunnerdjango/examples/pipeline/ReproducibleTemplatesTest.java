package io.github.apprunnerdjango.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The pipeline's cloud assembly is reproducible: synthesized here and in a new JVM (as {@code cdk
 * synth} runs {@link PipelineApp#main}), every template and asset manifest, the stages' nested
 * assemblies included, is byte-identical. The pipeline deploys exactly what was reviewed, and a
 * snapshot test needs no normaliser (see the existing-vpc example's ReproducibleTemplatesTest).
 */
class ReproducibleTemplatesTest {
    @Test
    void twoSynthsWriteByteIdenticalTemplates(@TempDir final Path here, @TempDir final Path cli)
            throws IOException, InterruptedException {
        // the new JVM synthesizes while this one does (the machine has two cores or more)
        final Process running = startSynthInANewJvm(cli);
        try {
            final App app = CdkJson.app(here);
            PipelineApp.build(app);
            app.synth();
            awaitSynth(running, cli);
        } finally {
            running.destroyForcibly();   // no-op once it exited; stops it if the synth here failed
        }
        final List<String> files = assemblyFiles(here);
        // the pipeline stack's template, and each stage's two stacks' templates and asset manifests
        assertEquals(5, files.stream().filter(f -> f.endsWith(".template.json")).count(), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.startsWith("assembly-" + PipelineApp.PIPELINE_STACK + "-Prod/")),
                files.toString());
        assertEquals(files, assemblyFiles(cli));
        for (final String file : files) {
            assertEquals(Files.readString(here.resolve(file)), Files.readString(cli.resolve(file)), file);
        }
    }

    /** Starts {@link PipelineApp#main} as {@code cdk synth} runs it. */
    private static Process startSynthInANewJvm(final Path outdir) throws IOException {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final ProcessBuilder process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PipelineApp.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log(outdir).toFile());
        final Map<String, String> env = process.environment();
        env.put("CDK_OUTDIR", outdir.toString());
        env.put("CDK_CONTEXT_JSON", new ObjectMapper().writeValueAsString(CdkJson.context()));
        return process.start();
    }

    private static Path log(final Path outdir) {
        return outdir.resolveSibling(outdir.getFileName() + ".log");
    }

    private static void awaitSynth(final Process running, final Path outdir) throws InterruptedException {
        final Path log = log(outdir);
        if (!running.waitFor(3, TimeUnit.MINUTES)) {
            running.destroyForcibly();
            throw new AssertionError("cdk synth in a new JVM timed out");
        }
        assertEquals(0, running.exitValue(), () -> "cdk synth in a new JVM failed:\n" + readQuietly(log));
    }

    /** @return the templates and asset manifests of the assembly and its nested assemblies, relative paths */
    private static List<String> assemblyFiles(final Path outdir) throws IOException {
        try (Stream<Path> files = Files.walk(outdir)) {
            return files.map(f -> outdir.relativize(f).toString())
                    .filter(f -> f.endsWith(".template.json") || f.endsWith(".assets.json"))
                    .sorted().toList();
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
