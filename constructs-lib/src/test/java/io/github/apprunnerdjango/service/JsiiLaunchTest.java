package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks made before cdk-docker-image-deployment starts from Java. */
class JsiiLaunchTest {
    @TempDir
    Path root;
    private Path project;
    private Path bin;
    private String path;

    @BeforeEach
    void layout() throws IOException {
        project = Files.createDirectories(root.resolve("project"));
        bin = Files.createDirectories(project.resolve("node_modules/.bin"));
        final Path esbuild = Files.writeString(bin.resolve("esbuild"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(esbuild, PosixFilePermissions.fromString("rwxr-xr-x"));
        path = bin + File.pathSeparator + "/usr/bin";
    }

    private Path lockFile(final String name) throws IOException {
        return Files.writeString(project.resolve(name), "{}");
    }

    @Test
    void noLockFile() {
        final List<String> problems = JsiiLaunch.problems(project, project.resolve(".jsii-tmp").toString(), path, true);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("no lock file (package-lock.json, yarn.lock, pnpm-lock.yaml, bun.lockb) in "
                + project), problems.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb"})
    void anyLockFileAboveTheWorkingDirectoryWithTmpdirBelowIt(final String lock) throws IOException {
        lockFile(lock);
        final Path cwd = Files.createDirectories(project.resolve("constructs-lib"));
        assertEquals(List.of(), JsiiLaunch.problems(cwd, project.resolve(".jsii-tmp").toString(), path, true));
    }

    @Test
    void tmpdirOutsideTheLockFileFolder() throws IOException {
        lockFile("package-lock.json");
        final Path outside = Files.createDirectories(root.resolve("tmp"));
        final List<String> problems = JsiiLaunch.problems(project, outside.toString(), path, true);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TMPDIR is " + outside + ", outside " + project), problems.get(0));
    }

    @Test
    void unsetTmpdirMeansSlashTmp() throws IOException {
        lockFile("package-lock.json");
        final List<String> problems = JsiiLaunch.problems(project, null, path, false);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("TMPDIR is /tmp, outside "), problems.get(0));
        assertEquals(problems, JsiiLaunch.problems(project, "", path, false));
    }

    @Test
    void tmpdirEscapingWithDotDotIsOutside() throws IOException {
        lockFile("package-lock.json");
        final List<String> problems = JsiiLaunch.problems(project, project + "/../tmp", path, false);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("TMPDIR"), problems.get(0));
    }

    @Test
    void esbuildMissingWhenBundling() throws IOException {
        lockFile("package-lock.json");
        final List<String> problems = JsiiLaunch.problems(project, project.resolve(".jsii-tmp").toString(),
                "/nonexistent" + File.pathSeparator + root, true);
        assertEquals(List.of("esbuild is not on PATH (needed to bundle the handler without Docker)"), problems);
        assertEquals(problems, JsiiLaunch.problems(project, project.resolve(".jsii-tmp").toString(), null, true));
    }

    @Test
    void esbuildThatIsNotExecutableIsMissing() throws IOException {
        lockFile("package-lock.json");
        Files.setPosixFilePermissions(bin.resolve("esbuild"), PosixFilePermissions.fromString("rw-r--r--"));
        final List<String> problems = JsiiLaunch.problems(project, project.resolve(".jsii-tmp").toString(), path, true);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("esbuild"), problems.get(0));
    }

    @Test
    void allGood() throws IOException {
        lockFile("package-lock.json");
        assertEquals(List.of(), JsiiLaunch.problems(project, project.resolve(".jsii-tmp").toString(), path, true));
    }

    @Test
    void withoutBundlingEsbuildIsNotNeeded() throws IOException {
        lockFile("package-lock.json");
        assertEquals(List.of(), JsiiLaunch.problems(project, project.resolve(".jsii-tmp").toString(), "/nonexistent", false));
    }

    @Test
    void everyProblemAtOnce() {
        final List<String> problems = JsiiLaunch.problems(project, null, "/nonexistent", true);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("no lock file"), problems.get(0));
        assertTrue(problems.get(1).contains("esbuild"), problems.get(1));
    }
}
