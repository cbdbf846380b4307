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
     * RDS Data API on first deployment. Aurora PostgreSQL has no Data API in some Regions
     * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.Aurora_Fea_Regions_DB-eng.Feature.Data_API.html):
     * {@code DataStack} refuses this strategy when its Region is a literal that AWS lists as not
     * available (ap-south-2, ap-southeast-4 and ap-southeast-6 so far; the list is not complete).
     */
    ALTERNATING_USERS
}
