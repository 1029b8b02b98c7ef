package io.jlivepatch.build;

/**
 * The names javac makes up, which change between builds of the same source: anonymous classes
 * ({@code Outer$1}, numbered in order of appearance) and lambda bodies ({@code lambda$run$0},
 * numbered per class). {@code jlp build} matches both by content instead.
 */
final class JavacNames {

    private JavacNames() {
    }

    /** @return whether the internal name is an anonymous class's: its last part is a number */
    static boolean isAnonymous(String internalName) {
        int dollar = internalName.lastIndexOf('$');
        if (dollar < 0 || dollar == internalName.length() - 1) {
            return false;
        }
        for (int i = dollar + 1; i < internalName.length(); i++) {
            if (!Character.isDigit(internalName.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the method name is a lambda body's */
    static boolean isLambda(String methodName) {
        return methodName.startsWith("lambda$");
    }

    /** @return the internal name in dotted form, as messages show classes */
    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    /** @return the package part of an internal name, empty for the unnamed package */
    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    /**
     * A name for a class that only the new build has, which neither the application nor another
     * patch uses: {@code $jlp$KEY} after the top-level class's name, where KEY comes from the
     * class's content ({@code com/acme/Outer$1} becomes {@code com/acme/Outer$jlp$KEY$1}).
     *
     * @param internalName the class's name in the new build
     * @param contentKey the hash of its content
     * @return the name it gets in the patch
     */
    static String patchName(String internalName, String contentKey) {
        int slash = internalName.lastIndexOf('/');
        int dollar = internalName.indexOf('$', slash + 1);
        String key = "$jlp$" + contentKey.substring(0, 8);
        return dollar < 0 ? internalName + key
                : internalName.substring(0, dollar) + key + internalName.substring(dollar);
    }
}
