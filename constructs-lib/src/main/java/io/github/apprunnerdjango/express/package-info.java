/**
 * The Django image on Amazon ECS Express Mode, for accounts App Runner no longer admits: the construct
 * {@link io.github.apprunnerdjango.express.ExpressDjangoService} for any stack, and
 * {@link io.github.apprunnerdjango.express.ExpressServiceStack}, that construct in a stack of its own,
 * on the same network and database as App Runner's service.
 */
package io.github.apprunnerdjango.express;
