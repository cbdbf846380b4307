package io.github.apprunnerdjango.internal;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Pattern;

import software.amazon.awscdk.Duration;

/**
 * The checks the service stacks share (App Runner's {@code ServiceStack} and the Express Mode
 * {@code ExpressServiceStack}): a {@link PropsValidator} with helpers for ranges, durations, image
 * directories, ECR repository names, tags and digests. Every failure is recorded; one exception lists
 * them all ({@link #throwIfInvalid()}).
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public class Checks {
    private static final Pattern ECR_REPOSITORY = Pattern.compile(
            "^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$");
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
    private static final Pattern DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");

    private final PropsValidator v;

    /** @return the validator these checks record into, for checks written against it */
    public PropsValidator validator() {
        return v;
    }

    /** @param owner the construct whose props are checked, named in the error message */
    public Checks(final String owner) {
        this.v = new PropsValidator(owner);
    }

    /**
     * @param ok whether the value is acceptable
     * @param prop the prop's name
     * @param value the value received
     * @param allowed what is allowed, in words
     * @return these checks
     */
    public Checks check(final boolean ok, final String prop, final Object value, final String allowed) {
        v.check(ok, prop, value, allowed);
        return this;
    }

    /**
     * @param prop the prop's name
     * @param value the value received; a failure when null
     */
    public void required(final String prop, final Object value) {
        v.check(value != null, prop, null, "required");
    }

    /**
     * @param prop the prop's name
     * @param value the value received, or null when not given
     * @param lo the smallest value allowed
     * @param hi the largest value allowed
     * @return false when the value is out of range (a failure is recorded), else true
     */
    public boolean range(final String prop, final Integer value, final int lo, final int hi) {
        final boolean ok = value == null || value >= lo && value <= hi;
        v.check(ok, prop, value, "allowed: " + lo + " to " + hi);
        return ok;
    }

    /**
     * @param prop the prop's name
     * @param value the duration received, or null; tokens are skipped
     * @param lo the fewest whole seconds allowed
     * @param hi the most whole seconds allowed
     */
    public void seconds(final String prop, final Duration value, final int lo, final int hi) {
        if (value != null && !value.isUnresolved()) {
            final double s = value.toMilliseconds().doubleValue() / 1000;
            v.check(s >= lo && s <= hi && s == Math.rint(s), prop, value.toHumanString(),
                    "allowed: " + lo + " to " + hi + " whole seconds");
        }
    }

    /**
     * @param prop the prop's name
     * @param dir a Docker build context, which must hold a Dockerfile
     */
    public void directory(final String prop, final String dir) {
        v.check(dir != null && Files.isRegularFile(Paths.get(dir, "Dockerfile")), prop, dir,
                "allowed: a directory holding a Dockerfile");
    }

    /**
     * @param prop the prop's name
     * @param name an ECR repository name; tokens are skipped
     */
    public void repositoryName(final String prop, final String name) {
        if (name == null || !PropsValidator.isToken(name)) {
            v.check(name != null && ECR_REPOSITORY.matcher(name).matches(), prop, name,
                    "allowed: an ECR repository name, 2 to 256 of lower-case letters, digits and . _ - /"
                            + " such as kawashima/django");
        }
    }

    /**
     * @param prop the prop's name
     * @param tag an image tag; tokens are skipped
     */
    public void tag(final String prop, final String tag) {
        if (tag == null || !PropsValidator.isToken(tag)) {
            v.check(tag != null && TAG.matcher(tag).matches(), prop, tag,
                    "allowed: 1 to 128 of letters, digits, _ . -, not starting with . or -");
        }
    }

    /**
     * @param prop the prop's name
     * @param value an image tag or a digest {@code sha256:<64 hex>}; tokens are skipped
     */
    public void tagOrDigest(final String prop, final String value) {
        if (value == null || !PropsValidator.isToken(value)) {
            v.check(value != null && (TAG.matcher(value).matches() || DIGEST.matcher(value).matches()), prop, value,
                    "allowed: a tag (1 to 128 of letters, digits, _ . -) or a digest sha256:<64 hex digits>");
        }
    }

    /**
     * @param value an image tag or digest
     * @return whether it is a digest {@code sha256:<64 hex>}
     */
    public static boolean isDigest(final String value) {
        return value != null && DIGEST.matcher(value).matches();
    }

    /** Throws an {@link IllegalArgumentException} listing every failure, if there is any. */
    public void throwIfInvalid() {
        v.throwIfInvalid();
    }
}
