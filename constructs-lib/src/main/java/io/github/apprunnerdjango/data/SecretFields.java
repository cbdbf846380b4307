package io.github.apprunnerdjango.data;

/**
 * The JSON keys of the secrets that {@link DataStack} creates. Every key listed here exists in its
 * secret from the first deployment on, so a reader never asks for a key nothing wrote.
 */
public final class SecretFields {
    /** Database secret: the user name (written by the template). */
    public static final String DB_USERNAME = "username";
    /** Database secret: the password (generated, then rotated). */
    public static final String DB_PASSWORD = "password";
    /** Database secret: the writer endpoint (written when the secret is attached to the cluster). */
    public static final String DB_HOST = "host";
    /** Database secret: the port (written when the secret is attached to the cluster). */
    public static final String DB_PORT = "port";
    /** Database secret: the database name (written by the template). */
    public static final String DB_NAME = "dbname";

    /** Django superuser secret: the superuser's name. */
    public static final String SUPERUSER_USERNAME = "username";
    /** Django superuser secret: the superuser's e-mail address. */
    public static final String SUPERUSER_EMAIL = "email";
    /** Django superuser secret: the superuser's generated password. */
    public static final String SUPERUSER_PASSWORD = "password";

    /** Django secret-key secret: the generated {@code SECRET_KEY}. */
    public static final String SECRET_KEY = "secretkey";
    /** Django secret-key secret: former keys, comma-separated, for {@code SECRET_KEY_FALLBACKS}. */
    public static final String SECRET_KEY_FALLBACKS = "secretkeyfallbacks";

    private SecretFields() {
    }
}
