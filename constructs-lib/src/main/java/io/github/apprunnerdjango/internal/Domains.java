package io.github.apprunnerdjango.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * Domain names and Django host names, as the service stacks check and normalise them.
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class Domains {
    /** Django's ALLOWED_HOSTS, on what the wildcard "*" gives up (cited when allowedHosts holds it). */
    public static final String ALLOWED_HOSTS_URL = "https://docs.djangoproject.com/en/5.2/ref/settings/#allowed-hosts";
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern HOST = Pattern.compile("^\\.?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?)+$");

    private Domains() {
    }

    /**
     * @param domain a domain name, or null
     * @return the domain lower-cased and without one trailing dot, as AWS, Route 53 and Django's
     *     ALLOWED_HOSTS should get it; null and unresolved tokens unchanged
     */
    public static @Nullable String normalised(final @Nullable String domain) {
        if (domain == null || PropsValidator.isToken(domain)) {
            return domain;
        }
        final String lower = domain.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * @param normal a normalised domain name
     * @return whether it is a DNS name such as app.example.com
     */
    public static boolean isDomain(final String normal) {
        return DOMAIN.matcher(normal).matches();
    }

    /**
     * @param v where failures are recorded
     * @param hosts the allowedHosts prop, or null; tokens are skipped
     * @param alreadyAllowed what the image allows without them, in words
     */
    public static void checkHosts(final Checks v, final @Nullable List<String> hosts, final String alreadyAllowed) {
        if (hosts == null) {
            return;
        }
        for (final String host : hosts) {
            if (host != null && PropsValidator.isToken(host)) {
                continue;
            }
            if ("*".equals(host)) {
                v.check(false, "allowedHosts", host, "a wildcard host disables Django's Host header validation ("
                        + ALLOWED_HOSTS_URL + "), and " + alreadyAllowed + " are already allowed; allowed:"
                        + " host names such as example.com, or a leading-dot pattern such as .example.com for a domain"
                        + " and its sub-domains");
            } else if (host != null && host.startsWith("*.") && HOST.matcher(host.substring(1)).matches()) {
                v.check(false, "allowedHosts", host, "Django reads no * inside a host name; allowed: the leading-dot"
                        + " pattern " + host.substring(1) + " for " + host.substring(2) + " and its sub-domains");
            } else {
                v.check(host != null && HOST.matcher(host).matches(), "allowedHosts", host,
                        "allowed: host names such as example.com or .example.com");
            }
        }
    }

    /**
     * @param v where a zone imported by id only is reported
     * @param zone the hostedZone prop, or null
     * @param attributes the hostedZoneAttributes prop, or null
     * @return the zone's name (possibly a token), or null when no zone is given or it has no name
     */
    public static @Nullable String zoneName(final Checks v, final @Nullable IHostedZone zone,
                                            final @Nullable HostedZoneAttributes attributes) {
        if (zone == null && attributes == null) {
            return null;
        }
        try {
            return zone != null ? zone.getZoneName() : attributes.getZoneName();
        } catch (RuntimeException e) {
            // HostedZone.fromHostedZoneId: CDK throws on reading the name the zone does not have
            v.check(false, "hostedZone", PropsValidator.shown("a zone imported by id only"),
                    "allowed: a zone with its name (HostedZone.fromHostedZoneAttributes(id, name) or fromLookup)");
            return null;
        }
    }
}
