package dev.greenslice.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code greenslice} command line: {@code java -jar samples/target/greenslice.jar <command>}.
 *
 * <p>Every subcommand takes {@code --json} for machine-readable output on stdout; errors go to stderr as
 * one line with a non-zero exit status.
 */
@Command(name = "greenslice",
        mixinStandardHelpOptions = true,
        version = "greenslice 0.2.0",
        description = "Meter, predict, plan and tune the carbon of GPU inference.",
        subcommands = {
                // In the order a new user reaches for them: the main job, metering, then deciding and tuning.
                StudyCommand.class,
                MeterCommand.class,
                GpusCommand.class,
                IntensityCommand.class,
                EmbodiedCommand.class,
                EstimateCommand.class,
                PlanCommand.class,
                TuneCommand.class,
                TuneOnlineCommand.class,
                ClocksCommand.class,
                MigCommand.class,
                ProfileCommand.class,
                PipelineCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class GreenSliceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Entry point: runs the command line and exits with its status.
     *
     * @param args the command line's arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns its exit status (for tests).
     *
     * @param args the command line's arguments
     * @return the exit status: 0 on success, non-zero after a one-line error on stderr
     */
    public static int run(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // Input past every limit a command checks: still one line, not a stack trace.
            cl.getErr().println("greenslice: " + (e instanceof OutOfMemoryError ? "out of memory" : "input nested too"
                    + " deeply") + " (" + OneLineErrors.oneLine(e) + "); give smaller input or more heap (java -Xmx...)");
            cl.getErr().flush();
            return 1;
        }
    }

    /**
     * The configured command line, e.g. to run with other output streams.
     *
     * @return a new command line with every subcommand and one-line error handlers
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GreenSliceCommand());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new OneLineErrors());
        // Numbers in the user's words ("not a whole number", "at most ..."), never "is not a long"; no NaN or
        // Infinity where a quantity is meant.
        cl.registerConverter(Integer.class, NumberArguments::wholeInt);
        cl.registerConverter(int.class, NumberArguments::wholeInt);
        cl.registerConverter(Long.class, NumberArguments::wholeLong);
        cl.registerConverter(long.class, NumberArguments::wholeLong);
        cl.registerConverter(Double.class, NumberArguments::finite);
        cl.registerConverter(double.class, NumberArguments::finite);
        return cl;
    }

    /** Without a command: the usage on stderr and the usage exit status (2), as for an unknown command. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is missing; start with 'greenslice"
                + " study' (the co-location study) or 'greenslice meter -- CMD'");
    }
}
