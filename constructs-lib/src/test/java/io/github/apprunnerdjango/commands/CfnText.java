package io.github.apprunnerdjango.commands;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a template value (strings, Ref, Fn::GetAtt, Fn::ImportValue, Fn::Join) as text with placeholders. */
final class CfnText {
    private CfnText() {
    }

    @SuppressWarnings("unchecked")
    static String of(final Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            final Map.Entry<?, ?> e = m.entrySet().iterator().next();
            final Object arg = e.getValue();
            switch (e.getKey().toString()) {
                case "Ref":
                    return "${" + arg + "}";
                case "Fn::GetAtt":
                    return "${" + String.join(".", (List<String>) arg) + "}";
                case "Fn::ImportValue":
                    return "${import:" + of(arg) + "}";
                case "Fn::Join":
                    final List<Object> join = (List<Object>) arg;
                    return ((List<Object>) join.get(1)).stream().map(CfnText::of)
                            .collect(Collectors.joining(join.get(0).toString()));
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("not rendered: " + value);
    }
}
