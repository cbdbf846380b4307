package io.github.apprunnerdjango;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.kms.IKey;

/**
 * A compliance profile: settings that make every resource the library creates meet a published set
 * of controls, at a cost the default does not have. Give the same profile to every stack or construct
 * of an app ({@code compliance} prop); without it nothing changes.
 *
 * <p>{@link #controlTower()} meets the AWS Control Tower proactive controls
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html): log
 * groups encrypted with a customer-managed KMS key (with rotation) and kept at least 365 days, the
 * custom-resource handlers in the VPC (which then needs NAT egress: Route 53, CodeBuild and Step
 * Functions are reached through it), enhanced monitoring on the cluster's instances, logging and
 * tracing on every state machine, logging on CodeBuild, an action on every alarm. docs/security.md
 * lists the controls, how each is met, and the one exception (the privileged CodeBuild project of
 * {@code ImageSource.buildAndPush}).
 */
public final class Compliance {
    private final @Nullable IKey key;

    private Compliance(final @Nullable IKey key) {
        this.key = key;
    }

    /**
     * The Control Tower profile, with one customer-managed KMS key created in each stack (about USD 1
     * per key and month, plus requests), rotated yearly.
     *
     * @return the profile
     */
    public static Compliance controlTower() {
        return new Compliance(null);
    }

    /**
     * The Control Tower profile with a key of your own for every stack. Its key policy must let
     * CloudWatch Logs use it (the library adds the statement when the key is created in the same
     * app; an imported key's policy is yours to set:
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
     *
     * @param key a customer-managed KMS key with rotation enabled
     * @return the profile
     */
    public static Compliance controlTower(final IKey key) {
        if (key == null) {
            throw new IllegalArgumentException("Compliance.controlTower(key): got null; allowed: a KMS key"
                    + " (or Compliance.controlTower() to create one in each stack)");
        }
        return new Compliance(key);
    }

    /** @return the key given, or null: one is created in each stack */
    public @Nullable IKey getKey() {
        return key;
    }

    @Override
    public String toString() {
        return key == null ? "Compliance.controlTower()" : "Compliance.controlTower(key)";
    }
}
