package dev.greenslice.estimators.profile;

/**
 * A profile or device-power file that cannot be used as it is: a malformed row, a missing column, a
 * duplicate key or a non-positive value. The message names the file, the line and the column, and says how
 * to fix it; nothing was loaded from the file.
 */
public final class ProfileFormatException extends IllegalArgumentException {

    /** The file's name or path. */
    private final String source;
    /** The 1-based line of the problem, or 0 for the whole file. */
    private final int line;

    /**
     * A problem at one line of a file.
     *
     * @param source  the file's name or path
     * @param line    the 1-based line, or 0 for a problem with the file as a whole
     * @param problem what is wrong and how to fix it
     */
    public ProfileFormatException(String source, int line, String problem) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** @return the file's name or path */
    public String source() {
        return source;
    }

    /** @return the 1-based line of the problem, or 0 if it concerns the whole file */
    public int line() {
        return line;
    }
}
