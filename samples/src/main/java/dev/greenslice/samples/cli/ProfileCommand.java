package dev.greenslice.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code greenslice profile}: work with model power profiles; the work is in its subcommands. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Model power profiles: predict a whole grid from a few measured points, or measure a co-located set.",
        subcommands = {ProfilePredictCommand.class, ProfileColocatedCommand.class})
final class ProfileCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: 'predict' or 'colocated'");
    }
}
