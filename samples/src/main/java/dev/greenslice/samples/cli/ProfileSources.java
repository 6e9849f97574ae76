package dev.greenslice.samples.cli;

import dev.greenslice.estimators.profile.DevicePowerProfile;
import dev.greenslice.estimators.profile.EnerTuneA100;
import dev.greenslice.estimators.profile.ModelProfiles;
import dev.greenslice.estimators.profile.ProfileCsv;

import java.nio.file.Path;

/** Profile and device-power files given on the command line, or the embedded EnerTune A100 data set. */
final class ProfileSources {

    /** What the help text says about the defaults. */
    static final String EMBEDDED = "the embedded EnerTune A100-80GB data set";

    private ProfileSources() {
    }

    /** @return the device baseline from {@code file}, or the embedded A100 80GB one if null */
    static DevicePowerProfile device(Path file) {
        return file == null ? EnerTuneA100.devicePower() : ProfileCsv.readDevicePower(
                InputFiles.requireCsv(file, "device power file"), String.valueOf(file.getFileName()));
    }

    /** @return the profiles from {@code file} (dynamic power, or board power less {@code device}), or the embedded ones */
    static ModelProfiles profiles(Path file, DevicePowerProfile device) {
        return file == null ? EnerTuneA100.profiles() : ProfileCsv.readProfiles(
                InputFiles.requireCsv(file, "profiles file"), device);
    }

    static String describe(Path file) {
        return file == null ? EMBEDDED : file.toString();
    }
}
