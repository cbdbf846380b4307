package io.github.apprunnerdjango.network;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.PropsValidator;

/** Validates {@link NetworkStackProps} before any resource exists. */
final class NetworkValidation {
    private static final Pattern IPV4_CIDR =
            Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");

    private NetworkValidation() {
    }

    /** @return the props (all defaults when null), after checking them; throws once on any failure */
    static NetworkStackProps validated(final NetworkStackProps props) {
        final NetworkStackProps p = props != null ? props : NetworkStackProps.builder().build();
        final PropsValidator v = new PropsValidator("NetworkStack");
        final String cidr = p.getCidr() != null ? p.getCidr() : NetworkStackProps.DEFAULT_CIDR;
        final int azs = p.getMaxAzs() != null ? p.getMaxAzs() : NetworkStackProps.DEFAULT_MAX_AZS;
        final int mask = p.getSubnetCidrMask() != null ? p.getSubnetCidrMask()
                : NetworkStackProps.DEFAULT_SUBNET_CIDR_MASK;

        v.check(azs >= 1 && azs <= 6, "maxAzs", azs, "allowed: 1 to 6");
        v.check(mask >= 16 && mask <= 28, "subnetCidrMask", mask, "allowed: 16 to 28 (AWS subnet sizes)");
        final Integer prefix = PropsValidator.isToken(cidr) ? null : prefixOf(cidr);
        v.check(!PropsValidator.isToken(cidr), "cidr", "an unresolved token",
                "allowed: a literal IPv4 CIDR block; the VPC's subnets are computed at synth time");
        if (!PropsValidator.isToken(cidr)) {
            v.check(prefix != null, "cidr", cidr, "allowed: an IPv4 CIDR block such as 10.0.0.0/24");
        }
        if (prefix != null) {
            v.check(prefix >= 16 && prefix <= 28, "cidr", cidr, "allowed: a prefix from /16 to /28 (AWS VPC sizes)");
            v.check(isNetworkAddress(cidr, prefix), "cidr", cidr,
                    "allowed: a network address with no host bits set, such as " + networkOf(cidr, prefix) + "/" + prefix);
            if (mask <= 28 && mask < prefix) {
                v.check(false, "subnetCidrMask", mask, "must be at least the cidr's prefix /" + prefix);
            } else if (mask <= 28) {
                final long subnets = 1L << (mask - prefix);
                v.check(subnets >= azs, "maxAzs", azs, "the cidr " + cidr + " holds only " + subnets
                        + " subnet(s) of /" + mask + "; use fewer zones, a larger cidr or a larger subnetCidrMask");
            }
        }
        v.throwIfInvalid();
        return p;
    }

    private static long addressOf(final String cidr) {
        final Matcher m = IPV4_CIDR.matcher(cidr);
        m.matches();
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            address = (address << 8) | Integer.parseInt(m.group(i));
        }
        return address;
    }

    private static long hostMask(final int prefix) {
        return (1L << (32 - prefix)) - 1;
    }

    private static boolean isNetworkAddress(final String cidr, final int prefix) {
        return (addressOf(cidr) & hostMask(prefix)) == 0;
    }

    private static String networkOf(final String cidr, final int prefix) {
        final long network = addressOf(cidr) & ~hostMask(prefix);
        return ((network >> 24) & 255) + "." + ((network >> 16) & 255) + "." + ((network >> 8) & 255) + "." + (network & 255);
    }

    private static Integer prefixOf(final String cidr) {
        final Matcher m = IPV4_CIDR.matcher(cidr);
        if (!m.matches()) {
            return null;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return null;
            }
        }
        final int prefix = Integer.parseInt(m.group(5));
        return prefix <= 32 ? prefix : null;
    }
}
