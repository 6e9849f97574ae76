package dev.greenslice.samples.cli;

import dev.greenslice.nvml.NvmlOptions;
import picocli.CommandLine;

/**
 * Turns any failure into one line on stderr and a non-zero exit status: 2 for bad usage, 1 for a failed
 * command. Stack traces only with {@code GREENSLICE_DEBUG=1}.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    /** The longest error line printed. */
    static final int MAX_CHARS = 500;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
        if ("1".equals(System.getenv("GREENSLICE_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return ex instanceof CommandLine.ParameterException || ex instanceof IllegalArgumentException ? 2 : 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        // The qualified name ("greenslice mig validate") says which nested subcommand failed.
        String hint = " (see --help)";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?"
                    + hint;
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex) + hint);
        cmd.getErr().flush();
        return 2;
    }

    static String oneLine(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        }
        // The NVML library speaks of its system property and builder setting; on the command line it is a flag.
        msg = msg.replace("set -D" + NvmlOptions.JOURNAL_PROPERTY + " or NvmlOptions.withJournalDirectory to",
                "pass --nvml-journal with");
        String line = msg.replaceAll("[\\r\\n\\t]+", " ").trim();
        // A last resort: every message should already quote input shortly, but none may flood a terminal.
        return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) + "… (" + line.length() + " chars)" : line;
    }
}
