package io.jlivepatch.build;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which classes {@code jlp build} compares: {@code --include} and {@code --exclude} globs on
 * binary names ({@code com.acme.*} matches the classes of one package, {@code com.acme.**} also
 * those of its sub-packages, {@code ?} one character). With no include glob every class is
 * included; an exclude glob wins over an include glob.
 */
public final class ClassFilter {

    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    /**
     * @param includes the include globs, possibly empty
     * @param excludes the exclude globs, possibly empty
     */
    public ClassFilter(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(ClassFilter::regex).toList();
        this.excludes = excludes.stream().map(ClassFilter::regex).toList();
    }

    /** @return a filter that takes every class */
    public static ClassFilter all() {
        return new ClassFilter(List.of(), List.of());
    }

    /**
     * @param internalName a class's internal name
     * @return whether the build compares it
     */
    public boolean includes(String internalName) {
        String name = JavacNames.dotted(internalName);
        return (includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(name).matches()))
                && excludes.stream().noneMatch(p -> p.matcher(name).matches());
    }

    private static Pattern regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^.]*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
