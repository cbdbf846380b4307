/**
 * The Django image on Amazon ECS Express Mode ({@link io.github.apprunnerdjango.express.ExpressServiceStack}),
 * for accounts App Runner no longer admits, on the same {@code NetworkStack} and {@code DataStack} as
 * App Runner's {@code ServiceStack}.
 */
package io.github.apprunnerdjango.express;
