package io.github.apprunnerdjango.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import software.amazon.awscdk.Stage;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.s3.Location;
import software.constructs.IConstruct;

/**
 * The custom-resource handlers shipped in this jar ({@code internal/handlers/<name>.js}, tested with
 * node under {@code src/test/js}) as Lambda assets: each is the {@code index.js} of a folder of its own,
 * so its handler is {@code index.handler}, on {@link #RUNTIME}, whose SDK v3 clients it uses (nothing to
 * bundle).
 *
 * <p>An asset is a folder on disk and a jar holds none, so the source is copied into the app's cloud
 * assembly folder, to {@code handlers/<name>-<SHA-256 of the source>/index.js}; CDK then stages it as
 * any asset. The asset hash covers the folder's content only: the same source has the same hash on
 * every machine and in every synthesis. The folder is written under a temporary name and renamed, so
 * two syntheses into one cloud assembly folder never see a half-written handler.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class HandlerCode {
    /** The runtime every handler runs on: its SDK v3 clients ship with it. */
    public static final Runtime RUNTIME = Runtime.NODEJS_24_X;
    /** The handler's file in its asset: the function's handler is {@code index.handler}. */
    public static final String FILE = "index.js";
    /** The folder of the cloud assembly that holds the handlers' folders. */
    static final String FOLDER = "handlers";

    /**
     * Lambda needs "global read permissions on code files": 644 files, 755 folders
     * (https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-deployment.html#troubleshooting-deployment-denied).
     */
    private static final String FILE_PERMISSIONS = "rw-r--r--";
    private static final String FOLDER_PERMISSIONS = "rwxr-xr-x";
    private static final Map<String, byte[]> SOURCES = new ConcurrentHashMap<>();

    private HandlerCode() {
    }

    /**
     * @param scope a construct of the app the function belongs to (its cloud assembly folder receives
     *     the handler's folder)
     * @param name the handler's file name without {@code .js}
     * @return the handler as a Lambda asset, to run with handler {@code index.handler}
     */
    public static Code of(final IConstruct scope, final String name) {
        final Stage stage = Objects.requireNonNull(Stage.of(scope), () -> scope.getNode().getPath() + " is in no app");
        return Code.fromAsset(folder(Paths.get(stage.getOutdir()).toAbsolutePath(), name).toString());
    }

    /**
     * The handler as the code of a function made by another library, whose {@link CfnFunction} we
     * replace the code of (the asset's metadata goes on the resource, as {@code Function} does).
     *
     * @param function the function's resource; the asset becomes its child {@code Code}
     * @param name the handler's file name without {@code .js}
     * @return the function's {@code Code} property: the asset's S3 bucket and key
     */
    public static CfnFunction.CodeProperty cfnCode(final CfnFunction function, final String name) {
        final Code code = of(function, name);
        final Location s3 = Objects.requireNonNull(code.bind(function).getS3Location(), "an asset has an S3 location");
        code.bindToResource(function);
        return CfnFunction.CodeProperty.builder().s3Bucket(s3.getBucketName()).s3Key(s3.getObjectKey()).build();
    }

    /**
     * @param name the handler's file name without {@code .js}
     * @return its source, as shipped in this jar
     */
    public static String source(final String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final String name) {
        return SOURCES.computeIfAbsent(name, n -> {
            final String path = "handlers/" + n + ".js";
            try (InputStream in = HandlerCode.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no handler " + n + " (missing resource " + path + ")");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return the handler's folder under the cloud assembly folder, written once and never changed */
    static Path folder(final Path outdir, final String name) {
        final byte[] source = bytes(name);
        final Path root = outdir.resolve(FOLDER);
        final Path folder = root.resolve(name + "-" + sha256(source));
        if (holds(folder, source)) {
            return folder;
        }
        try {
            Files.createDirectories(root);
            final Path temporary = Files.createTempDirectory(root, name + ".tmp");
            try {
                write(temporary, source);
                Files.move(temporary, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another synthesis may have renamed its copy first: its content is checked below
                if (!Files.isDirectory(folder)) {
                    throw e;
                }
            } finally {
                deleteQuietly(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the handler " + name + " to " + folder, e);
        }
        if (!holds(folder, source)) {
            throw new IllegalStateException(folder + " does not hold the handler " + name + ": delete the folder");
        }
        return folder;
    }

    private static void write(final Path folder, final byte[] source) throws IOException {
        final Path file = Files.write(folder.resolve(FILE), source);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(FILE_PERMISSIONS));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(FOLDER_PERMISSIONS));
        }
    }

    private static boolean holds(final Path folder, final byte[] source) {
        try {
            return Arrays.equals(Files.readAllBytes(folder.resolve(FILE)), source);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(final Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }

    private static String sha256(final byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
