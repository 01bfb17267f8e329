package io.cryptopipe.warehouse;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import com.hubspot.jinjava.tree.parse.NoteToken;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.tree.parse.TextToken;
import com.hubspot.jinjava.tree.parse.Token;
import com.hubspot.jinjava.tree.parse.TokenScanner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The only Jinja a model may use, checked before anything is rendered:
 *
 * <ul>
 *   <li>{@code {{ ref('model') }}}, {@code {{ source('src', 'table') }}}, {@code {{ this }}};
 *   <li>{@code {{ config(materialized='view'|'table'|'incremental', unique_key='col' or ['c1', 'c2']) }}}, at most
 *       once;
 *   <li>{@code {% if is_incremental() %}} (or {@code not is_incremental()}) ... {@code {% else %}} ...
 *       {@code {% endif %}};
 *   <li>{@code {# comments #}} and whitespace control ({@code {{- -}}}).
 * </ul>
 *
 * Everything else (other tags, other functions, filters, operators, variables) is a violation. Templates are split
 * with Jinjava's own {@link TokenScanner} (so what is checked is what Jinjava will render); the inside of each
 * {@code {{ }}} and {@code {% if %}} is then read by a strict grammar of exactly the forms above.
 */
public final class TemplateSubset {
    static final Set<String> MATERIALIZATIONS = Set.of(Model.VIEW, Model.TABLE, Model.INCREMENTAL);

    private TemplateSubset() {}

    /**
     * Each construct outside the subset, as {@code <path>:<line>: <construct>: <why>}; empty when the template is
     * inside it.
     */
    public static List<String> violations(String path, String template) {
        return analyze(path, template).violations();
    }

    /** What a template uses: its refs, sources and config, with its violations. */
    record Analysis(
            List<String> violations,
            Set<String> refs,
            Set<List<String>> sources,
            boolean hasConfig,
            String materialized,
            List<String> uniqueKey) {}

    static Analysis analyze(String path, String template) {
        Collector c = new Collector(path);
        JinjavaConfig config = JinjavaConfig.newBuilder().build();
        int cursor = 0;
        int openIfs = 0;
        List<Integer> ifLines = new ArrayList<>();
        List<Boolean> elseSeen = new ArrayList<>();
        java.util.Map<String, Integer> rejectedBlocks = new java.util.HashMap<>();
        TokenScanner scanner = new TokenScanner(template, config);
        while (scanner.hasNext()) {
            Token token = scanner.next();
            String image = token.getImage();
            int at = template.indexOf(image, cursor);
            if (at < 0) {
                at = cursor;
            } else {
                cursor = at + image.length();
            }
            int line = lineOf(template, at);
            if (token instanceof TextToken || token instanceof NoteToken) {
                continue;
            }
            if (token instanceof ExpressionToken e) {
                c.expression(line, image, e.getExpr());
            } else if (token instanceof TagToken t) {
                String tag = t.getTagName();
                String helpers = t.getHelpers() == null ? "" : t.getHelpers().strip();
                switch (tag) {
                    case "if" -> {
                        if (!helpers.matches("(not\\s+)?is_incremental\\s*\\(\\s*\\)")) {
                            c.add(line, squeeze(image), "an if tag may only test is_incremental()");
                        }
                        openIfs++;
                        ifLines.add(line);
                        elseSeen.add(false);
                    }
                    case "else" -> {
                        if (openIfs == 0) {
                            c.add(line, squeeze(image), "else without an open if");
                        } else if (elseSeen.get(openIfs - 1)) {
                            c.add(line, squeeze(image), "a second else in one if");
                        } else {
                            elseSeen.set(openIfs - 1, true);
                        }
                        if (!helpers.isEmpty()) {
                            c.add(line, squeeze(image), "else takes nothing");
                        }
                    }
                    case "endif" -> {
                        if (openIfs == 0) {
                            c.add(line, squeeze(image), "endif without an open if");
                        } else {
                            openIfs--;
                            ifLines.remove(openIfs);
                            elseSeen.remove(openIfs);
                        }
                    }
                    default -> {
                        // the end of a block whose opening was already reported is not reported again
                        String opening = tag.startsWith("end") ? tag.substring(3) : null;
                        if (opening != null && rejectedBlocks.getOrDefault(opening, 0) > 0) {
                            rejectedBlocks.merge(opening, -1, Integer::sum);
                        } else {
                            rejectedBlocks.merge(tag, 1, Integer::sum);
                            c.add(line, "{% " + tag + " %}",
                                    "tag outside the template subset (allowed: if is_incremental() / else / endif)");
                        }
                    }
                }
            } else {
                c.add(line, squeeze(image), "unclosed or unknown Jinja construct");
            }
        }
        for (int l : ifLines) {
            c.add(l, "{% if %}", "if without endif");
        }
        return new Analysis(List.copyOf(c.violations), c.refs, c.sources, c.configs > 0, c.materialized, c.uniqueKey);
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String squeeze(String image) {
        String s = image.replaceAll("\\s+", " ").strip();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** Reads each expression with the strict grammar and gathers what it uses. */
    private static final class Collector {
        final String path;
        final List<String> violations = new ArrayList<>();
        final Set<String> refs = new LinkedHashSet<>();
        final Set<List<String>> sources = new LinkedHashSet<>();
        int configs;
        String materialized;
        List<String> uniqueKey = List.of();

        Collector(String path) {
            this.path = path;
        }

        void add(int line, String construct, String why) {
            violations.add(path + ":" + line + ": " + construct + ": " + why);
        }

        void expression(int line, String image, String expr) {
            String shown = squeeze(image);
            Lexer lx = new Lexer(expr);
            List<Lexeme> toks;
            try {
                toks = lx.lex();
            } catch (IllegalArgumentException e) {
                add(line, shown, e.getMessage());
                return;
            }
            if (toks.isEmpty()) {
                add(line, shown, "empty expression");
                return;
            }
            Lexeme head = toks.get(0);
            if (head.kind != Kind.IDENT) {
                add(line, shown, "expression outside the template subset (allowed: ref(), source(), config(), this)");
                return;
            }
            // Anything after the primary expression: a filter, an operator, an attribute.
            int end = primaryEnd(toks);
            if (end < 0) {
                add(line, shown, "unbalanced parentheses or brackets");
                return;
            }
            if (end < toks.size()) {
                Lexeme next = toks.get(end);
                if (next.kind == Kind.PIPE) {
                    String filter = end + 1 < toks.size() ? toks.get(end + 1).text : "";
                    add(line, shown, "filter '|" + filter + "' is outside the template subset");
                } else {
                    add(line, shown, "'" + next.text + "' after " + head.text
                            + " is outside the template subset (no operators, attributes or filters)");
                }
                return;
            }
            if (end == 1) {
                if (!head.text.equals("this")) {
                    add(line, shown, "unknown variable '" + head.text + "' (the only variable is this)");
                }
                return;
            }
            if (toks.get(1).kind != Kind.LPAREN) {
                add(line, shown, "expression outside the template subset");
                return;
            }
            List<Arg> args;
            try {
                args = args(toks.subList(2, end - 1));
            } catch (IllegalArgumentException e) {
                add(line, shown, e.getMessage());
                return;
            }
            switch (head.text) {
                case "ref" -> {
                    if (args.size() != 1 || args.get(0).name != null || !(args.get(0).value instanceof String m)) {
                        add(line, shown, "ref takes one quoted model name: ref('model')");
                    } else {
                        refs.add(m);
                    }
                }
                case "source" -> {
                    if (args.size() != 2 || args.stream().anyMatch(a -> a.name != null || !(a.value instanceof String))) {
                        add(line, shown, "source takes two quoted names: source('src', 'table')");
                    } else {
                        sources.add(List.of((String) args.get(0).value, (String) args.get(1).value));
                    }
                }
                case "config" -> config(line, shown, args);
                case "is_incremental" -> add(line, shown, "is_incremental() may only be used in {% if %}");
                default -> add(line, shown, "function '" + head.text + "' is outside the template subset"
                        + " (allowed: ref, source, config, is_incremental)");
            }
        }

        private void config(int line, String shown, List<Arg> args) {
            if (++configs > 1) {
                add(line, shown, "a second config() call");
            }
            for (Arg a : args) {
                if (a.name == null) {
                    add(line, shown, "config takes keyword arguments only");
                } else if (a.name.equals("materialized")) {
                    if (a.value instanceof String m && MATERIALIZATIONS.contains(m)) {
                        materialized = m;
                    } else {
                        add(line, shown, "materialized must be 'view', 'table' or 'incremental', not " + a.value);
                    }
                } else if (a.name.equals("unique_key")) {
                    if (a.value instanceof String k) {
                        uniqueKey = List.of(k);
                    } else if (a.value instanceof List<?> l && !l.isEmpty()) {
                        uniqueKey = l.stream().map(String.class::cast).toList();
                    } else {
                        add(line, shown, "unique_key must be 'col' or ['c1', 'c2']");
                    }
                } else {
                    add(line, shown, "config argument '" + a.name
                            + "' is outside the template subset (allowed: materialized, unique_key)");
                }
            }
        }

        /** The index just after {@code ident} or {@code ident(...)}; -1 when brackets do not balance. */
        private static int primaryEnd(List<Lexeme> toks) {
            if (toks.size() < 2 || toks.get(1).kind != Kind.LPAREN) {
                return 1;
            }
            int depth = 0;
            for (int i = 1; i < toks.size(); i++) {
                Kind k = toks.get(i).kind;
                if (k == Kind.LPAREN || k == Kind.LBRACK) {
                    depth++;
                } else if (k == Kind.RPAREN || k == Kind.RBRACK) {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                    if (depth < 0) {
                        return -1;
                    }
                }
            }
            return -1;
        }

        /** {@code [name=]value, ...} where a value is a quoted string or a list of them. */
        private static List<Arg> args(List<Lexeme> toks) {
            List<Arg> out = new ArrayList<>();
            int i = 0;
            while (i < toks.size()) {
                String name = null;
                if (toks.get(i).kind == Kind.IDENT && i + 1 < toks.size() && toks.get(i + 1).kind == Kind.EQ) {
                    name = toks.get(i).text;
                    i += 2;
                }
                if (i >= toks.size()) {
                    throw new IllegalArgumentException("missing argument value");
                }
                Lexeme v = toks.get(i);
                Object value;
                if (v.kind == Kind.STRING) {
                    value = v.text;
                    i++;
                } else if (v.kind == Kind.LBRACK) {
                    List<String> items = new ArrayList<>();
                    i++;
                    while (i < toks.size() && toks.get(i).kind != Kind.RBRACK) {
                        if (toks.get(i).kind != Kind.STRING) {
                            throw new IllegalArgumentException("lists may hold quoted strings only, not '"
                                    + toks.get(i).text + "'");
                        }
                        items.add(toks.get(i).text);
                        i++;
                        if (i < toks.size() && toks.get(i).kind == Kind.COMMA) {
                            i++;
                        }
                    }
                    i++;
                    value = items;
                } else if (v.kind == Kind.IDENT) {
                    throw new IllegalArgumentException("unknown variable or call '" + v.text
                            + "' as an argument (arguments are quoted strings or lists of them)");
                } else {
                    throw new IllegalArgumentException("argument '" + v.text
                            + "' is outside the template subset (quoted strings or lists of them)");
                }
                out.add(new Arg(name, value));
                if (i < toks.size()) {
                    if (toks.get(i).kind != Kind.COMMA) {
                        throw new IllegalArgumentException("'" + toks.get(i).text
                                + "' in the arguments is outside the template subset");
                    }
                    i++;
                }
            }
            return out;
        }
    }

    private record Arg(String name, Object value) {}

    private enum Kind { IDENT, STRING, LPAREN, RPAREN, LBRACK, RBRACK, COMMA, EQ, PIPE, OTHER }

    private record Lexeme(Kind kind, String text) {}

    private static final class Lexer {
        private final String s;
        private int i;

        Lexer(String s) {
            this.s = s;
        }

        List<Lexeme> lex() {
            List<Lexeme> out = new ArrayList<>();
            while (i < s.length()) {
                char ch = s.charAt(i);
                if (Character.isWhitespace(ch)) {
                    i++;
                } else if (Character.isLetter(ch) || ch == '_') {
                    int st = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                        i++;
                    }
                    out.add(new Lexeme(Kind.IDENT, s.substring(st, i)));
                } else if (ch == '\'' || ch == '"') {
                    int close = s.indexOf(ch, i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated string");
                    }
                    String body = s.substring(i + 1, close);
                    if (body.indexOf('\\') >= 0) {
                        throw new IllegalArgumentException("escapes in strings are outside the template subset");
                    }
                    out.add(new Lexeme(Kind.STRING, body));
                    i = close + 1;
                } else {
                    Kind k = switch (ch) {
                        case '(' -> Kind.LPAREN;
                        case ')' -> Kind.RPAREN;
                        case '[' -> Kind.LBRACK;
                        case ']' -> Kind.RBRACK;
                        case ',' -> Kind.COMMA;
                        case '=' -> Kind.EQ;
                        case '|' -> Kind.PIPE;
                        default -> Kind.OTHER;
                    };
                    if (k == Kind.EQ && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                        out.add(new Lexeme(Kind.OTHER, "=="));
                        i += 2;
                        continue;
                    }
                    out.add(new Lexeme(k, String.valueOf(ch)));
                    i++;
                }
            }
            return out;
        }
    }
}
