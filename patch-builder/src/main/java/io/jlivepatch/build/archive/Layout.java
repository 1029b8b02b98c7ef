package io.jlivepatch.build.archive;

/** What kind of thing a build was read from, in the words of the report. */
public enum Layout {
    /** A directory of class files. */
    CLASS_DIRECTORY("class directory"),
    /** A directory of jars, as an application's {@code lib/}: every jar is a library. */
    JAR_DIRECTORY("directory of jars"),
    /** A plain jar. */
    JAR("jar"),
    /** A Spring Boot executable jar: {@code BOOT-INF/classes} and {@code BOOT-INF/lib/*.jar}. */
    SPRING_BOOT_JAR("Spring Boot jar"),
    /** A web application: {@code WEB-INF/classes} and {@code WEB-INF/lib/*.jar}. */
    WAR("WAR");

    private final String label;

    Layout(String label) {
        this.label = label;
    }

    /** @return how the report names it, for example {@code Spring Boot jar} */
    public String label() {
        return label;
    }

    /** @return the folder of the application's own classes in this layout, or the empty string */
    String classesFolder() {
        return switch (this) {
            case SPRING_BOOT_JAR -> "BOOT-INF/classes/";
            case WAR -> "WEB-INF/classes/";
            default -> "";
        };
    }

    /** @return the folder of nested library jars in this layout, or {@code null} for none */
    String libraryFolder() {
        return switch (this) {
            case SPRING_BOOT_JAR -> "BOOT-INF/lib/";
            case WAR -> "WEB-INF/lib/";
            case JAR_DIRECTORY -> "";
            default -> null;
        };
    }
}
