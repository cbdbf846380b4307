package io.github.apprunnerdjango.data;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.github.apprunnerdjango.internal.PropsValidator;
import software.amazon.awscdk.Duration;

/** Validates {@link DataStackProps} before any resource exists. */
final class DataValidation {
    private static final Pattern PG_IDENTIFIER = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,62}$");
    private static final Set<String> RESERVED_USERS = new TreeSet<>(List.of("rdsadmin", "rdsrepladmin",
            "rds_superuser", "admin", "public", "template0", "template1"));
    private static final Set<String> RESERVED_DATABASES = new TreeSet<>(List.of("postgres", "template0", "template1",
            "rdsadmin"));
    private static final Pattern DJANGO_USERNAME = Pattern.compile("^[\\w.@+-]{1,150}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s\"]+@[^@\\s\"]+\\.[^@\\s\"]+$");
    private static final Set<String> LOG_EXPORTS = new TreeSet<>(List.of("iam-db-auth-error", "postgresql"));

    private DataValidation() {
    }

    /** @return the props, after checking them; throws once on any failure */
    static DataStackProps validated(final DataStackProps p) {
        if (p == null) {
            throw new IllegalArgumentException("Invalid DataStack props:\n  - props: got null; required, with at least vpc");
        }
        final PropsValidator v = new PropsValidator("DataStack");
        v.check(p.getVpc() != null, "vpc", null, "required: NetworkStack.getVpc() or an imported IVpc");
        checkCapacity(v, "minCapacity", p.getMinCapacity(), 0);
        checkCapacity(v, "maxCapacity", p.getMaxCapacity(), 1);
        final Number min = p.getMinCapacity() != null ? p.getMinCapacity() : DataStack.DEFAULT_MIN_CAPACITY;
        final Number max = p.getMaxCapacity() != null ? p.getMaxCapacity() : DataStack.DEFAULT_MAX_CAPACITY;
        if (!PropsValidator.isToken(min) && !PropsValidator.isToken(max)) {
            v.check(min.doubleValue() <= max.doubleValue(), "minCapacity", min, "must not exceed maxCapacity (" + max + ")");
        }
        if (p.getReaders() != null) {
            v.check(p.getReaders() >= 0 && p.getReaders() <= 15, "readers", p.getReaders(), "allowed: 0 to 15");
        }
        final String db = p.getDatabaseName();
        if (db != null && !PropsValidator.isToken(db)) {
            v.check(PG_IDENTIFIER.matcher(db).matches() && !RESERVED_DATABASES.contains(db.toLowerCase()),
                    "databaseName", db, "allowed: a letter, then letters, digits or underscores (63 at most),"
                            + " not one of " + RESERVED_DATABASES);
        }
        final String user = p.getMasterUsername();
        if (user != null && !PropsValidator.isToken(user)) {
            v.check(PG_IDENTIFIER.matcher(user).matches() && !RESERVED_USERS.contains(user.toLowerCase()),
                    "masterUsername", user, "allowed: a letter, then letters, digits or underscores (63 at most),"
                            + " not one of " + RESERVED_USERS);
        }
        final String app = p.getApplicationUsername();
        if (app != null && !PropsValidator.isToken(app)) {
            final String master = user != null ? user : "postgres";
            v.check(PG_IDENTIFIER.matcher(app).matches() && app.length() <= 57
                            && !RESERVED_USERS.contains(app.toLowerCase()) && !app.equalsIgnoreCase(master)
                            && !app.endsWith("_clone"),
                    "applicationUsername", app, "allowed: a letter, then letters, digits or underscores (57 at most,"
                            + " as the rotation appends _clone), not ending in _clone, not the master user " + master
                            + " nor one of " + RESERVED_USERS);
            v.check(p.getRotationStrategy() == RotationStrategy.ALTERNATING_USERS, "applicationUsername", app,
                    "only used with rotationStrategy ALTERNATING_USERS (got " + p.getRotationStrategy() + ")");
        }
        checkDays(v, "rotationInterval", p.getRotationInterval(), 1, 1000);
        checkDays(v, "backupRetention", p.getBackupRetention(), 1, 35);
        final List<String> exports = p.getCloudwatchLogsExports();
        if (exports != null) {
            v.check(exports.stream().allMatch(e -> e != null && LOG_EXPORTS.contains(e)), "cloudwatchLogsExports", exports,
                    "allowed: any of " + LOG_EXPORTS);
        }
        final String su = p.getSuperuserName();
        if (su != null && !PropsValidator.isToken(su)) {
            v.check(DJANGO_USERNAME.matcher(su).matches(), "superuserName", su,
                    "allowed: 1 to 150 letters, digits and @.+-_");
        }
        final String email = p.getSuperuserEmail();
        if (email != null && !PropsValidator.isToken(email)) {
            v.check(EMAIL.matcher(email).matches(), "superuserEmail", email, "allowed: an e-mail address");
        }
        v.throwIfInvalid();
        return p;
    }

    private static void checkCapacity(final PropsValidator v, final String prop, final Number acu, final double least) {
        if (acu == null || PropsValidator.isToken(acu)) {
            return;
        }
        final double value = acu.doubleValue();
        v.check(value >= least && value <= 256 && value * 2 == Math.rint(value * 2), prop, acu,
                "allowed: " + (least == 0 ? "0" : "1") + " to 256 ACU in steps of 0.5");
    }

    private static void checkDays(final PropsValidator v, final String prop, final Duration d, final int lo, final int hi) {
        if (d == null || d.isUnresolved()) {
            return;
        }
        final double days = d.toMilliseconds().doubleValue() / 86_400_000;
        v.check(days >= lo && days <= hi && days == Math.rint(days), prop, d.toHumanString(),
                "allowed: " + lo + " to " + hi + " whole days");
    }
}
