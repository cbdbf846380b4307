package io.github.apprunnerdjango.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.apprunnerdjango.data.SecretFields;
import software.amazon.awscdk.services.apprunner.alpha.Secret;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * The environment contract between the service stacks ({@link ServiceStack} on App Runner, and
 * {@code ExpressServiceStack} on ECS Express Mode) and the Django image: every variable name the
 * service sets, in one place. {@code django-image/env-contract.txt} lists the same names and a
 * test keeps the two equal.
 */
public final class ServiceEnvironment {
    /** Database user (secret). */
    public static final String DB_USER = "DB_USER";
    /** Database password (secret, rotated). */
    public static final String DB_PASSWORD = "DB_PASSWORD";
    /** Database writer endpoint (secret). */
    public static final String DB_HOST = "DB_HOST";
    /** Database port (secret). */
    public static final String DB_PORT = "DB_PORT";
    /** Database name (secret). */
    public static final String DB_NAME = "DB_NAME";
    /** Django superuser name (secret). */
    public static final String DJANGO_SUPERUSER_USERNAME = "DJANGO_SUPERUSER_USERNAME";
    /** Django superuser password (secret). */
    public static final String DJANGO_SUPERUSER_PASSWORD = "DJANGO_SUPERUSER_PASSWORD";
    /** Django superuser e-mail (secret). */
    public static final String DJANGO_SUPERUSER_EMAIL = "DJANGO_SUPERUSER_EMAIL";
    /** Django SECRET_KEY (secret). */
    public static final String DJANGO_SECRET_KEY = "DJANGO_SECRET_KEY";
    /** Django SECRET_KEY_FALLBACKS, comma-separated (secret). */
    public static final String DJANGO_SECRET_KEY_FALLBACKS = "DJANGO_SECRET_KEY_FALLBACKS";
    /** The custom domain, or empty (plain). */
    public static final String DJANGO_DOMAIN = "DJANGO_DOMAIN";
    /** Extra host names, comma-separated (plain). */
    public static final String DJANGO_ALLOWED_HOSTS = "DJANGO_ALLOWED_HOSTS";
    /**
     * The port the container listens on (plain). App Runner reserves {@code PORT}, so the library sets
     * {@link #DJANGO_PORT} instead; the image still honours PORT when run by hand.
     *
     * @deprecated App Runner rejects PORT as a variable name; the service sets {@link #DJANGO_PORT}.
     */
    @Deprecated
    public static final String PORT = "PORT";
    /** The port the container listens on (plain); the image binds gunicorn to it. */
    public static final String DJANGO_PORT = "DJANGO_PORT";
    /** {@code true} when the service traces requests with AWS X-Ray, {@code false} otherwise (plain). */
    public static final String DJANGO_TRACING = "DJANGO_TRACING";
    /**
     * The name of the S3 bucket the app stores its uploads in (plain), set only with
     * {@code mediaBucket}; with it the image stores media files in S3.
     */
    public static final String DJANGO_MEDIA_BUCKET = "DJANGO_MEDIA_BUCKET";
    /** The Region of {@link #DJANGO_MEDIA_BUCKET} (plain), set only with {@code mediaBucket}. */
    public static final String DJANGO_MEDIA_REGION = "DJANGO_MEDIA_REGION";
    /** The names set only when the service has a media bucket ({@code mediaBucket}). */
    public static final List<String> MEDIA_NAMES = List.of(DJANGO_MEDIA_BUCKET, DJANGO_MEDIA_REGION);
    /**
     * App Runner's reserved variable prefix: names starting with it are rejected
     * (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable-manage.html).
     */
    public static final String RESERVED_PREFIX = "AWSAPPRUNNER";
    /**
     * Names App Runner rejects as variable or secret names: "You can't specify PORT as an environment
     * variable name" (https://docs.aws.amazon.com/apprunner/latest/dg/env-variable-manage.html).
     */
    public static final List<String> RESERVED_NAMES = List.of("PORT");

    /** Every name the library sets; the app's own variables and secrets may not reuse them. */
    public static final List<String> LIBRARY_NAMES = List.of(DB_USER, DB_PASSWORD, DB_HOST, DB_PORT, DB_NAME,
            DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_PASSWORD, DJANGO_SUPERUSER_EMAIL, DJANGO_SECRET_KEY,
            DJANGO_SECRET_KEY_FALLBACKS, DJANGO_DOMAIN, DJANGO_ALLOWED_HOSTS, DJANGO_PORT, DJANGO_TRACING,
            DJANGO_MEDIA_BUCKET, DJANGO_MEDIA_REGION);

    private ServiceEnvironment() {
    }

    /**
     * @param database the database credentials ({@code DataStack.getDatabaseSecret()})
     * @param superuser the Django superuser ({@code DataStack.getSuperuserSecret()})
     * @param secretKey the Django secret key ({@code DataStack.getSecretKeySecret()})
     * @return the App Runner secrets, by variable name
     */
    public static Map<String, Secret> secrets(final ISecret database, final ISecret superuser, final ISecret secretKey) {
        final Map<String, Secret> secrets = new LinkedHashMap<>();
        secretSources(database, superuser, secretKey).forEach((name, secret) -> secrets.put(name, secret.toAppRunner()));
        return secrets;
    }

    /**
     * The secrets of the contract, compute-neutral: each a Secrets Manager secret and the JSON key the
     * image reads, which App Runner ({@link #secrets}) and ECS ({@link ServiceSecret#ecsValueFrom()})
     * each render in their own form.
     *
     * @param database the database credentials the service logs in with
     * @param superuser the Django superuser
     * @param secretKey the Django secret key
     * @return the secrets, by variable name, in the contract's order
     */
    public static Map<String, ServiceSecret> secretSources(final ISecret database, final ISecret superuser,
                                                           final ISecret secretKey) {
        final Map<String, ServiceSecret> secrets = new LinkedHashMap<>();
        secrets.put(DB_USER, ServiceSecret.fromSecretsManager(database, SecretFields.DB_USERNAME));
        secrets.put(DB_PASSWORD, ServiceSecret.fromSecretsManager(database, SecretFields.DB_PASSWORD));
        secrets.put(DB_HOST, ServiceSecret.fromSecretsManager(database, SecretFields.DB_HOST));
        secrets.put(DB_PORT, ServiceSecret.fromSecretsManager(database, SecretFields.DB_PORT));
        secrets.put(DB_NAME, ServiceSecret.fromSecretsManager(database, SecretFields.DB_NAME));
        secrets.put(DJANGO_SUPERUSER_USERNAME, ServiceSecret.fromSecretsManager(superuser, SecretFields.SUPERUSER_USERNAME));
        secrets.put(DJANGO_SUPERUSER_PASSWORD, ServiceSecret.fromSecretsManager(superuser, SecretFields.SUPERUSER_PASSWORD));
        secrets.put(DJANGO_SUPERUSER_EMAIL, ServiceSecret.fromSecretsManager(superuser, SecretFields.SUPERUSER_EMAIL));
        secrets.put(DJANGO_SECRET_KEY, ServiceSecret.fromSecretsManager(secretKey, SecretFields.SECRET_KEY));
        secrets.put(DJANGO_SECRET_KEY_FALLBACKS, ServiceSecret.fromSecretsManager(secretKey, SecretFields.SECRET_KEY_FALLBACKS));
        return secrets;
    }

    /**
     * @param domain the custom domain, or null
     * @param allowedHosts extra host names, comma-separated, or null
     * @param port the container port
     * @return the plain variables, by name, with tracing off
     * @deprecated use {@link #variables(String, String, int, boolean)}
     */
    @Deprecated
    public static Map<String, String> variables(final String domain, final String allowedHosts, final int port) {
        return variables(domain, allowedHosts, port, false);
    }

    /**
     * @param domain the custom domain, or null
     * @param allowedHosts extra host names, comma-separated, or null
     * @param port the container port
     * @param tracing whether the service traces with AWS X-Ray
     * @return the plain variables, by name; never a name App Runner reserves
     */
    public static Map<String, String> variables(final String domain, final String allowedHosts, final int port,
                                                final boolean tracing) {
        final Map<String, String> vars = new LinkedHashMap<>();
        vars.put(DJANGO_DOMAIN, domain != null ? domain : "");
        vars.put(DJANGO_ALLOWED_HOSTS, allowedHosts != null ? allowedHosts : "");
        vars.put(DJANGO_PORT, Integer.toString(port));
        vars.put(DJANGO_TRACING, Boolean.toString(tracing));
        return vars;
    }

    /**
     * @param name a variable or secret name
     * @return whether App Runner rejects it: {@code PORT}, or a name starting with {@code AWSAPPRUNNER}
     */
    public static boolean isReserved(final String name) {
        return name != null && (RESERVED_NAMES.contains(name)
                || name.toUpperCase(Locale.ROOT).startsWith(RESERVED_PREFIX));
    }
}
