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
        if (!PropsValidator.isToken(cidr)) {
            final Integer prefix = prefixOf(cidr);
            v.check(prefix != null, "cidr", cidr, "allowed: an IPv4 CIDR block such as 10.0.0.0/24");
            if (prefix != null) {
                v.check(prefix >= 16 && prefix <= 28, "cidr", cidr, "allowed: a prefix from /16 to /28 (AWS VPC sizes)");
                if (mask >= prefix && mask <= 28) {
                    final long subnets = 1L << (mask - prefix);
                    v.check(subnets >= azs, "maxAzs", azs, "the cidr " + cidr + " holds only " + subnets
                            + " subnet(s) of /" + mask + "; use fewer zones, a larger cidr or a larger subnetCidrMask");
                } else {
                    v.check(false, "subnetCidrMask", mask, "must be at least the cidr's prefix /" + prefix);
                }
            }
        }
        v.throwIfInvalid();
        return p;
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
