package io.github.apprunnerdjango.examples.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;

/** The context is checked before any construct exists, with one message naming the key and the value. */
class SettingsTest {
    @TempDir
    Path outdir;

    @SuppressWarnings("unchecked")
    private IllegalArgumentException refused(final String field, final Object value) {
        final Map<String, Object> context = CdkJson.context();
        final Map<String, Object> pipeline = new HashMap<>((Map<String, Object>) context.get(Settings.Keys.PIPELINE));
        if (value == null) {
            pipeline.remove(field);
        } else {
            pipeline.put(field, value);
        }
        context.put(Settings.Keys.PIPELINE, pipeline);
        final App app = CdkJson.app(context, outdir);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PipelineApp.build(app));
        assertTrue(app.getNode().getChildren().isEmpty(), "nothing is built before the check");
        return e;
    }

    @Test
    void aMissingKeyIsNamed() {
        final IllegalArgumentException e = refused("connectionArn", null);
        assertTrue(e.getMessage().contains("pipeline.connectionArn"), e.getMessage());
    }

    /** https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-customizing.html: at most 10 characters. */
    @ParameterizedTest
    @ValueSource(strings = {"team1team1x", "Team1", "team_1"})
    void aQualifierTheBootstrapCannotTakeIsRefused(final String qualifier) {
        final IllegalArgumentException e = refused("qualifier", qualifier);
        assertTrue(e.getMessage().contains("'" + qualifier + "'") && e.getMessage().contains("1 to 10"), e.getMessage());
    }

    @Test
    void anAccountIsTwelveDigits() {
        final IllegalArgumentException e = refused("account", "33333333333");
        assertTrue(e.getMessage().contains("pipeline.account is '33333333333'"), e.getMessage());
    }

    @Test
    void stageNamesAreUnique() {
        final Map<String, Object> context = CdkJson.context();
        context.put(Settings.Keys.STAGES, List.of(Map.of("name", "Dev", "account", "111111111111"),
                Map.of("name", "Dev", "account", "222222222222")));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineApp.build(CdkJson.app(context, outdir)));
        assertTrue(e.getMessage().contains("stages[1].name is 'Dev'"), e.getMessage());
    }

    @Test
    void cdkJsonIsValid() {
        final Settings settings = Settings.fromContext(CdkJson.app(outdir).getNode());
        assertEquals("team1", settings.qualifier());
        assertEquals(2, settings.stages().size());
    }
}
