package io.github.apprunnerdjango.data;

/** How the database password is rotated. */
public enum RotationStrategy {
    /**
     * The service logs in as the master user, whose password a single-user rotation changes. Open
     * connections keep working; new ones fail from the rotation until the service redeployed with
     * the new password (seconds, with {@code ServiceStack}'s redeploy after rotation).
     */
    SINGLE_USER,
    /**
     * The service logs in as an application user, rotated by the alternating-users (multi-user)
     * strategy: each rotation switches between {@code <user>} and {@code <user>_clone}, and the
     * previous login stays valid until the next rotation, so there is no window at all. The master
     * user has its own secret and single-user rotation; the application user is created through the
     * RDS Data API on first deployment.
     */
    ALTERNATING_USERS
}
