package io.github.apprunnerdjango.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;

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

    /**
     * @param text how a value reads in a message
     * @return a value that reads as {@code text}, without the quotes of a string
     */
    public static Object shown(final String text) {
        return new Shown(text);
    }

    /**
     * @param vpc a VPC
     * @return the VPC as a message names it: its construct path
     */
    public static Object describeVpc(final IVpc vpc) {
        return shown("VPC " + vpc.getNode().getPath());
    }

    /**
     * @param selection a subnet selection
     * @return the selection as a message names it, with the fields that are set, such as
     *     {@code SubnetSelection(subnetType=PRIVATE_ISOLATED)}
     */
    public static Object describeSelection(final SubnetSelection selection) {
        final StringJoiner fields = new StringJoiner(", ", "SubnetSelection(", ")");
        if (selection.getSubnetType() != null) {
            fields.add("subnetType=" + selection.getSubnetType());
        }
        if (selection.getSubnetGroupName() != null) {
            fields.add("subnetGroupName=\"" + selection.getSubnetGroupName() + "\"");
        }
        if (selection.getAvailabilityZones() != null) {
            fields.add("availabilityZones=" + selection.getAvailabilityZones());
        }
        if (selection.getOnePerAz() != null) {
            fields.add("onePerAz=" + selection.getOnePerAz());
        }
        if (selection.getSubnets() != null) {
            fields.add("subnets=" + selection.getSubnets().stream().map(s -> isToken(s.getSubnetId())
                    ? s.getNode().getPath() : s.getSubnetId()).toList());
        }
        if (selection.getSubnetFilters() != null) {
            fields.add("subnetFilters=" + selection.getSubnetFilters().size() + " filter(s)");
        }
        return shown(fields.toString());
    }

    /**
     * Resolves a subnet selection the way the constructs will, so that a selection the VPC cannot
     * make fails in validation, before the stack joins the app, instead of inside a construct.
     *
     * @param vpc the VPC
     * @param selection the selection
     * @return the subnets, or CDK's reason why the VPC cannot make the selection
     */
    public static Subnets selectSubnets(final IVpc vpc, final SubnetSelection selection) {
        final List<ISubnet> subnets;
        try {
            subnets = vpc.selectSubnets(selection).getSubnets();
        } catch (RuntimeException e) {
            return new Subnets(List.of(), reason(e));
        }
        return subnets.isEmpty() ? new Subnets(subnets, "selects no subnet of this VPC") : new Subnets(subnets, null);
    }

    /**
     * The subnets a selection picks.
     *
     * @param subnets the subnets, empty when the selection failed
     * @param failure why the selection picks no subnet, or null when it picks some
     */
    public record Subnets(List<ISubnet> subnets, @Nullable String failure) {
    }

    /** @return the first line of a CDK error, without the jsii error code and the JavaScript stack */
    private static String reason(final RuntimeException e) {
        final String message = String.valueOf(e.getMessage()).strip();
        final String first = message.lines().findFirst().orElse(message).strip();
        // jsii prefixes the error's code, such as "ThereSubnetGroups: There are no ..."
        return first.replaceFirst("^[A-Z][A-Za-z0-9]*: ", "");
    }

    /** A value that reads as its text. */
    private record Shown(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static String describe(final Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
    }
}
