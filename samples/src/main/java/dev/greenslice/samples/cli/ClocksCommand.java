package dev.greenslice.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code greenslice clocks}: GPU clock control through NVML; the work is in its subcommands. */
@Command(name = "clocks", mixinStandardHelpOptions = true,
        description = "Lock GPU SM clocks through NVML (and reset them when done).",
        subcommands = {ClocksApplyCommand.class})
final class ClocksCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: 'apply'");
    }
}
