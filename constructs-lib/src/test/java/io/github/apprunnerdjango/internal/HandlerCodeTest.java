package io.github.apprunnerdjango.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.apprunnerdjango.testing.TestApps;
import io.github.apprunnerdjango.testing.Templates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Function;

/** The handlers as Lambda assets: one folder per source, written whole, the same asset everywhere. */
class HandlerCodeTest {
    private static final String HANDLER = "image-deploy-is-complete";

    @Test
    void theFolderHoldsTheSourceAsAWorldReadableIndexJs(@TempDir final Path outdir) throws IOException {
        final Path folder = HandlerCode.folder(outdir, HANDLER);
        assertEquals(List.of(HandlerCode.FILE), list(folder));
        final Path file = folder.resolve(HandlerCode.FILE);
        assertEquals(HandlerCode.source(HANDLER), Files.readString(file));
        assertEquals(folder, HandlerCode.folder(outdir, HANDLER), "written once, then found");
        // https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-deployment.html#troubleshooting-deployment-denied
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void concurrentSynthesesShareOneFolderAndLeaveNoTemporaryOne(@TempDir final Path outdir) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Callable<Path>> calls = IntStream.range(0, 32)
                    .mapToObj(i -> (Callable<Path>) () -> HandlerCode.folder(outdir, HANDLER)).toList();
            final Set<Path> folders = pool.invokeAll(calls).stream().map(HandlerCodeTest::get).collect(Collectors.toSet());
            assertEquals(1, folders.size(), folders.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, list(outdir.resolve(HandlerCode.FOLDER)).size(), "temporary folders left");
    }

    @Test
    void aFolderThatDoesNotHoldTheSourceIsRefused(@TempDir final Path outdir) throws IOException {
        final Path folder = HandlerCode.folder(outdir, HANDLER);
        Files.writeString(folder.resolve(HandlerCode.FILE), "exports.handler = async () => {};");
        assertThrows(IllegalStateException.class, () -> HandlerCode.folder(outdir, HANDLER));
    }

    @Test
    void anUnknownHandlerIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HandlerCode.source("no-such-handler"));
    }

    @Test
    void theAssetIsTheSameInEveryAppAndOutdir() {
        final List<Object> keys = Stream.of(TestApps.app(), TestApps.app()).<Object>map(app -> {
            final Stack stack = new Stack(app, "Handlers");
            Function.Builder.create(stack, "Handler").runtime(HandlerCode.RUNTIME).handler("index.handler")
                    .code(HandlerCode.of(stack, HANDLER)).build();
            @SuppressWarnings("unchecked")
            final Map<String, Object> properties = (Map<String, Object>) Templates.synthesized(stack)
                    .findResources("AWS::Lambda::Function").values().iterator().next().get("Properties");
            assertEquals(HandlerCode.source(HANDLER), Templates.handlerSource(stack, properties));
            return ((Map<?, ?>) properties.get("Code")).get("S3Key");
        }).toList();
        assertTrue(String.valueOf(keys.get(0)).matches("[0-9a-f]{64}\\.zip"), keys.toString());
        assertEquals(keys.get(0), keys.get(1));
    }

    private static List<String> list(final Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Path get(final Future<Path> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
