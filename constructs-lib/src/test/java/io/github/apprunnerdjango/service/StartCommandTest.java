package io.github.apprunnerdjango.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ServiceStack.StartCommand: each argument quoted for a POSIX shell, only when needed. */
class StartCommandTest {
    static Stream<Arguments> arguments() {
        return Stream.of(
                // plain: left as is
                Arguments.of("gunicorn", "gunicorn"),
                Arguments.of("--bind", "--bind"),
                Arguments.of("0.0.0.0:8000", "0.0.0.0:8000"),
                Arguments.of("config.wsgi:application", "config.wsgi:application"),
                Arguments.of("--workers=3", "--workers=3"),
                Arguments.of("/usr/local/bin/python", "/usr/local/bin/python"),
                Arguments.of("user@host", "user@host"),
                Arguments.of("a,b,c", "a,b,c"),
                Arguments.of("50%", "50%"),
                Arguments.of("a+b", "a+b"),
                // spaces
                Arguments.of("hello world", "'hello world'"),
                Arguments.of(" ", "' '"),
                // single quotes: close, add a double-quoted quote, reopen
                Arguments.of("it's", "'it'\"'\"'s'"),
                // expansions stay literal
                Arguments.of("$HOME", "'$HOME'"),
                Arguments.of("${PORT}", "'${PORT}'"),
                Arguments.of("$(id)", "'$(id)'"),
                Arguments.of("`id`", "'`id`'"),
                Arguments.of("a;b", "'a;b'"),
                Arguments.of("a&&b", "'a&&b'"),
                Arguments.of("*", "'*'"),
                Arguments.of("~", "'~'"),
                Arguments.of("a\\b", "'a\\b'"),
                Arguments.of("\"quoted\"", "'\"quoted\"'"),
                Arguments.of("\u00e9", "'\u00e9'"));
    }

    @ParameterizedTest(name = "[{0}] is rendered as [{1}]")
    @MethodSource("arguments")
    void quotesOneArgument(final String arg, final String expected) {
        assertEquals(expected, ServiceStack.StartCommand.quote(arg));
    }

    @Test
    void joinsArgumentsWithSpaces() {
        assertEquals("gunicorn --bind 0.0.0.0:8000 'it'\"'\"'s' 'two words' '$HOME'",
                ServiceStack.StartCommand.render(List.of("gunicorn", "--bind", "0.0.0.0:8000", "it's", "two words", "$HOME")));
    }

    @Test
    void oneArgumentIsItself() {
        assertEquals("gunicorn", ServiceStack.StartCommand.render(List.of("gunicorn")));
    }

    @Test
    void onlySingleQuotesAreSpecialInsideSingleQuotes() {
        assertEquals("''\"'\"''\"'\"''", ServiceStack.StartCommand.quote("''"));
    }
}
