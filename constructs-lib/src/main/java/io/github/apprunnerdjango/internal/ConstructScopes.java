package io.github.apprunnerdjango.internal;

import java.util.List;

import org.jetbrains.annotations.Nullable;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Where a construct of this library is being made: the stack that will hold it, and the environment
 * the validators read (a stack's own {@code env} prop, or the enclosing stack's account and region,
 * which are tokens when it is environment-agnostic).
 *
 * <p>Internal to this library: not part of its API and may change in any release.
 */
public final class ConstructScopes {
    private ConstructScopes() {
    }

    /**
     * @param scope where a construct is added: a construct inside a stack, a stack, a Stage or the App
     * @return the stack a construct added to {@code scope} belongs to, or null when {@code scope} is an
     *     App or a Stage (a stack's own props then say its environment)
     */
    public static @Nullable Stack enclosingStack(final @Nullable Construct scope) {
        if (scope == null) {
            return null;
        }
        final List<IConstruct> scopes = scope.getNode().getScopes();
        for (int i = scopes.size() - 1; i >= 0; i--) {
            if (Stack.isStack(scopes.get(i))) {
                return (Stack) scopes.get(i);
            }
        }
        return null;
    }

    /**
     * @param scope where a construct is added
     * @param env the stack's own env prop, or null
     * @return {@code env} when given, else the enclosing stack's account and region, else null
     */
    public static @Nullable Environment environment(final @Nullable Construct scope, final @Nullable Environment env) {
        if (env != null) {
            return env;
        }
        final Stack stack = enclosingStack(scope);
        return stack == null ? null : Environment.builder().account(stack.getAccount()).region(stack.getRegion()).build();
    }

    /**
     * @param scope where a construct or stack is added
     * @param env the stack's own env prop, or null
     * @return the region when it is a literal: from env, else the enclosing stack's, else the enclosing
     *     Stage's; null when unknown until deploy
     */
    public static @Nullable String literalRegion(final @Nullable Construct scope, final @Nullable Environment env) {
        final Environment resolved = environment(scope, env);
        String region = resolved != null ? resolved.getRegion() : null;
        if (region == null && scope != null) {
            final Stage stage = scope instanceof Stage s ? s : Stage.of(scope);
            region = stage != null ? stage.getRegion() : null;
        }
        return region == null || PropsValidator.isToken(region) ? null : region;
    }

    /**
     * @param scope where a construct or stack is added
     * @param env the stack's own env prop, or null
     * @return the account when it is a literal (as {@link #literalRegion}), else null
     */
    public static @Nullable String literalAccount(final @Nullable Construct scope, final @Nullable Environment env) {
        final Environment resolved = environment(scope, env);
        String account = resolved != null ? resolved.getAccount() : null;
        if (account == null && scope != null) {
            final Stage stage = scope instanceof Stage s ? s : Stage.of(scope);
            account = stage != null ? stage.getAccount() : null;
        }
        return account == null || PropsValidator.isToken(account) ? null : account;
    }

    /**
     * Refuses stack-level settings given to a construct: each belongs to the stack that holds it.
     *
     * @param v where the failure is recorded
     * @param construct the construct's class name, as the message names it
     * @param hasStackSettings whether the props carry any stack-level setting
     */
    public static void refuseStackSettings(final PropsValidator v, final String construct,
                                           final boolean hasStackSettings) {
        v.check(!hasStackSettings, "env/stackName/description/terminationProtection/tags/synthesizer/"
                        + "permissionsBoundary/crossRegionReferences/analyticsReporting/notificationArns/"
                        + "propertyInjectors/suppressTemplateIndentation", "a stack-level setting",
                construct + " is a construct: set these on the Stack that holds it (or use its stack wrapper)");
    }
}
