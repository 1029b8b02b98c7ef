package io.jlivepatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run, in order, with the run's context (mode, JDK, cores): printed as a table
 * for people and written as JSON for programs.
 */
public final class Report {

    private final Map<String, String> context;
    private final List<String> contextOrder;
    private final List<Figure> figures = new ArrayList<>();

    /** @param context what describes the run, in print order (mode, JDK, cores, ...) */
    public Report(Map<String, String> context) {
        this.context = Map.copyOf(context);
        this.contextOrder = List.copyOf(context.keySet());
    }

    /** Adds a figure and prints its machine line at once, so a crash loses nothing printed. */
    public void add(Figure figure) {
        figures.add(figure);
        System.out.println(figure.line());
    }

    /** @return the figures so far */
    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** @return the value of a measurement or ratio of this run, or {@code NaN} if absent */
    public double value(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).mapToDouble(Figure::value)
                .findFirst().orElse(Double.NaN);
    }

    /** @return whether the figure of that name did not complete in the time it was given */
    public boolean timedOut(String name) {
        return figures.stream().anyMatch(f -> f.name().equals(name) && f.isTimedOut());
    }

    /**
     * @return the figure's value as the goals print it: the number, or why it was skipped (for
     *     example {@code did not complete within 20 s}), or {@code NaN}
     */
    public String shown(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst()
                .map(f -> f.kind() == Figure.Kind.SKIP ? "skipped: " + f.unit()
                        : Figure.number(f.value()))
                .orElse(Figure.number(Double.NaN));
    }

    /** @return the table for people: one row per figure, aligned */
    public String table() {
        int width = figures.stream().mapToInt(f -> f.name().length()).max().orElse(10);
        StringBuilder out = new StringBuilder();
        for (String key : contextOrder) {
            out.append(key).append(": ").append(context.get(key)).append('\n');
        }
        out.append('\n');
        out.append(String.format("%-" + width + "s  %12s  %s%n", "figure", "value", "unit"));
        out.append("-".repeat(width + 30)).append('\n');
        for (Figure f : figures) {
            String value = f.kind() == Figure.Kind.SKIP ? "skipped" : Figure.number(f.value());
            String unit = f.kind() == Figure.Kind.RATIO ? "x" : f.unit();
            out.append(String.format("%-" + width + "s  %12s  %s%n", f.name(), value, unit));
        }
        return out.toString();
    }

    /** @return the run as one JSON object: {@code context} and {@code figures} */
    public String json() {
        StringBuilder out = new StringBuilder("{\n  \"context\": {");
        for (int i = 0; i < contextOrder.size(); i++) {
            String key = contextOrder.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    ").append(quote(key)).append(": ")
                    .append(quote(context.get(key)));
        }
        out.append("\n  },\n  \"figures\": [");
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"kind\": ")
                    .append(quote(f.kind().name())).append(", \"name\": ").append(quote(f.name()))
                    .append(", \"value\": ").append(jsonNumber(f.value()));
            out.append(f.kind() == Figure.Kind.SKIP ? ", \"reason\": " : ", \"unit\": ")
                    .append(quote(f.unit())).append('}');
        }
        return out.append("\n  ]\n}\n").toString();
    }

    /** Writes {@link #json()} to a file, creating its directory. */
    public void writeJson(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json());
    }

    private static String jsonNumber(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : Figure.number(value);
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
