package dev.greenslice.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code greenslice mig}: MIG geometry of catalog GPUs; the work is in its subcommands. */
@Command(name = "mig", mixinStandardHelpOptions = true,
        description = "NVIDIA MIG geometry: enumerate and validate layouts on a GPU's real placement table.",
        subcommands = {MigLayoutsCommand.class, MigValidateCommand.class})
final class MigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: 'layouts' or 'validate'");
    }
}
