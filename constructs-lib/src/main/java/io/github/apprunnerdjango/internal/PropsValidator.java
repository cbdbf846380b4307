package io.github.apprunnerdjango.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import software.amazon.awscdk.Token;

/**
 * Gathers every invalid prop of one construct and throws once, so a user fixes all of them in one
 * round. Each message names the prop, the value received and what is allowed.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class PropsValidator {
    private final String owner;
    private final List<String> failures = new ArrayList<>();

    /** @param owner the construct whose props are validated, used in the error message */
    public PropsValidator(final String owner) {
        this.owner = owner;
    }

    /**
     * Records a failure unless {@code ok} holds. Values that are unresolved tokens are skipped by
     * the callers through {@link #isToken(Object)}, since they are only known at deploy time.
     *
     * @param ok whether the value is acceptable
     * @param prop the prop's name
     * @param value the value received
     * @param allowed what is allowed, in words
     * @return this validator
     */
    public PropsValidator check(final boolean ok, final String prop, final Object value, final String allowed) {
        if (!ok) {
            failures.add(prop + ": got " + describe(value) + "; " + allowed);
        }
        return this;
    }

    /** @return the failures recorded so far */
    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** Throws an {@link IllegalArgumentException} listing every failure, if there is any. */
    public void throwIfInvalid() {
        if (!failures.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid " + owner + " props:\n  - " + String.join("\n  - ", failures));
        }
    }

    /**
     * @param value a prop value
     * @return whether the value is a CDK token that resolves only at deploy time
     */
    public static boolean isToken(final Object value) {
        return value != null && Token.isUnresolved(value);
    }

    private static String describe(final Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }
}
