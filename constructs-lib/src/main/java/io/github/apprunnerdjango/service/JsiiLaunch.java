package io.github.apprunnerdjango.service;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awscdk.Stack;

/**
 * Checks, before cdk-docker-image-deployment is constructed from Java, the three conditions its
 * internal {@code NodejsFunction} needs (upstream issue #156), and replaces the jsii stack trace
 * a user would otherwise get with one message that says what to do.
 */
final class JsiiLaunch {
    static final List<String> LOCK_FILES = List.of("package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb");

    private JsiiLaunch() {
    }

    static void requireReadyFor(final Stack stack) {
        final List<String> problems = problems(Paths.get("").toAbsolutePath(), System.getenv("TMPDIR"),
                System.getenv("PATH"), stack.getBundlingRequired());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ImageSource.buildAndPush uses cdk-docker-image-deployment, which"
                    + " cannot start from Java here:\n  - " + String.join("\n  - ", problems)
                    + "\nFix: in the folder of cdk.json run `npm install --save-dev esbuild` (this writes"
                    + " package-lock.json), and start the app with TMPDIR=$PWD/.jsii-tmp (mkdir it) and"
                    + " node_modules/.bin on PATH, as scripts/cdk-app.sh of this library's repository does."
                    + " Or use ImageSource.fromEcr / ImageSource.fromAsset, which need none of this.");
        }
    }

    /**
     * @param cwd the working directory (where node looks up the lock file)
     * @param tmpdir the TMPDIR variable (where jsii unpacks packages), or null
     * @param path the PATH variable
     * @param bundling whether this stack's assets are bundled in this synth
     * @return what is missing, empty when ready
     */
    static List<String> problems(final Path cwd, final String tmpdir, final String path, final boolean bundling) {
        final List<String> problems = new ArrayList<>();
        final Path lockDir = lockFileDir(cwd);
        final Path tmp = Paths.get(tmpdir != null && !tmpdir.isEmpty() ? tmpdir : "/tmp").toAbsolutePath().normalize();
        if (lockDir == null) {
            problems.add("no lock file (" + String.join(", ", LOCK_FILES) + ") in " + cwd + " or above it");
        } else if (!tmp.startsWith(lockDir)) {
            problems.add("TMPDIR is " + tmp + ", outside " + lockDir + " (the folder of the lock file), so the"
                    + " handler entry unpacked by jsii is not under the project root");
        }
        if (bundling && !onPath("esbuild", path)) {
            problems.add("esbuild is not on PATH (needed to bundle the handler without Docker)");
        }
        return problems;
    }

    private static Path lockFileDir(final Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (final String name : LOCK_FILES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    return dir;
                }
            }
        }
        return null;
    }

    private static boolean onPath(final String command, final String path) {
        if (path == null) {
            return false;
        }
        for (final String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
