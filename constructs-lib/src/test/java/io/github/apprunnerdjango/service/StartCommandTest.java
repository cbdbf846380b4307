package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AppRunnerDjangoService.StartCommand: only arguments that a shell and a split on spaces read alike. */
class StartCommandTest {
    @ParameterizedTest(name = "[{0}] is accepted")
    @ValueSource(strings = {"gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application", "--workers=3",
        "/usr/local/bin/python", "user@host", "a,b,c", "50%", "a+b"})
    void acceptsArgumentsThatNeedNoQuoting(final String arg) {
        assertTrue(AppRunnerDjangoService.StartCommand.isUnambiguous(arg));
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @ValueSource(strings = {"hello world", " ", "it's", "$HOME", "${PORT}", "$(id)", "`id`", "a;b", "a&&b", "*",
        "~", "a\\b", "\"quoted\"", "\u00e9", "a\nb", ""})
    void refusesArgumentsThatAShellWouldReadDifferently(final String arg) {
        assertFalse(AppRunnerDjangoService.StartCommand.isUnambiguous(arg));
    }

    @Test
    void refusesNull() {
        assertFalse(AppRunnerDjangoService.StartCommand.isUnambiguous(null));
    }

    @Test
    void joinsArgumentsWithSpaces() {
        assertEquals("gunicorn --bind 0.0.0.0:8000 config.wsgi:application",
                AppRunnerDjangoService.StartCommand.render(List.of("gunicorn", "--bind", "0.0.0.0:8000", "config.wsgi:application")));
    }

    @Test
    void oneArgumentIsItself() {
        assertEquals("gunicorn", AppRunnerDjangoService.StartCommand.render(List.of("gunicorn")));
    }
}
