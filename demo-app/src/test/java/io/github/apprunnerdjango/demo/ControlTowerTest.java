package io.github.apprunnerdjango.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo with {@code -c compliance=controltower} meets AWS Control Tower's proactive controls
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html), run as
 * the cfn-guard rules of {@code @cdklabs/cdk-validator-cfnguard}, on App Runner, Express Mode and the
 * migration, environment-agnostic and environment-specific. The one documented exception
 * (docs/security.md, "Compliance"): the privileged CodeBuild project of {@code ImageSource.buildAndPush}
 * (CT.CODEBUILD.PR.4), as a Docker build needs privileged mode
 * (https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker.html); with an image from ECR
 * there is no project and no exception.
 */
class ControlTowerTest {
    /** The control the Docker build cannot meet, and the project that breaks it. */
    static final String PRIVILEGED = "codebuild_project_environment_privileged_check";
    static final String BUILD_PROJECT = "ImagePushDeploymentDockerImageDeployProject";

    private static Set<ControlTowerGuard.Finding> undocumented(final Set<ControlTowerGuard.Finding> findings) {
        return findings.stream()
                .filter(f -> !(f.rule().equals(PRIVILEGED) && f.resource().startsWith(BUILD_PROJECT)))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"demo-ct", "demo-ct-ecr-env", "express-ct-ecr", "express-ct-env", "migration-ct-ecr-env"})
    void theProfileMeetsEveryControlButTheDocumentedOne(final String name) {
        final AppMatrix.Built app = AppMatrix.get(name);
        final Set<ControlTowerGuard.Finding> findings = ControlTowerGuard.run(app);
        assertEquals(List.of(), List.copyOf(undocumented(findings)), name + ": Control Tower violations");
        final boolean buildsImage = !name.contains("-ecr");
        assertEquals(buildsImage, findings.stream().anyMatch(f -> f.rule().equals(PRIVILEGED)),
                name + ": the privileged build project is there exactly when the demo builds its image: " + findings);
    }

    /**
     * Without the profile the demo breaks controls (the check can fail): its figures are the baseline
     * docs/security.md gives, and every finding is one the profile addresses.
     */
    @Test
    void withoutTheProfileTheDemoBreaksControls() {
        final Set<ControlTowerGuard.Finding> findings = ControlTowerGuard.run(AppMatrix.get("demo"));
        final Set<String> rules = findings.stream().map(ControlTowerGuard.Finding::rule)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertTrue(rules.containsAll(Set.of("cloudwatch_log_group_encrypted_check", "lambda_inside_vpc_check",
                "rds_instance_enhanced_monitoring_enabled_check", "step_functions_state_machine_logging_enabled_check",
                PRIVILEGED)), "the baseline's controls: " + findings);
    }
}
