package dev.greenslice.rapl;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.io.IOException;

/** The fixes named in error messages, in one place so that every backend says the same thing. */
final class RaplFixes {

    private RaplFixes() {
    }

    /** How to make powercap {@code energy_uj} readable without running as root. */
    static final String POWERCAP_PERMISSION =
            "energy_uj is root-only on kernels patched for CVE-2020-8694. Fixes: grant a group read access with a"
            + " tmpfiles.d rule such as 'z /sys/devices/virtual/powercap/intel-rapl/intel-rapl:*/energy_uj 0440 root power'"
            + " (repeat for intel-rapl:*/intel-rapl:*/energy_uj) or the udev rule"
            + " 'ACTION==\"add\", SUBSYSTEM==\"powercap\", RUN+=\"/bin/chgrp power /sys%p/energy_uj\", RUN+=\"/bin/chmod g+r /sys%p/energy_uj\"'"
            + " and add the user to that group; in a container, grant that on the host and bind-mount the host's"
            + " /sys/devices/virtual/powercap read-only (e.g. -v /sys/devices/virtual/powercap:/host/powercap:ro) and"
            + " read it with RaplSensor.at(path); or use the perf_event backend with CAP_PERFMON";

    /** How to get a powercap tree at all. */
    static final String POWERCAP_MISSING =
            "load the RAPL powercap driver (modprobe intel_rapl_msr; it also serves AMD since Linux 5.8), or, in a"
            + " container or VM that hides it, bind-mount the host's /sys/devices/virtual/powercap read-only and"
            + " read it with RaplSensor.at(path) (virtual machines usually do not expose RAPL)";

    /** How to allow perf_event on the power PMU. */
    static final String PERF_PERMISSION =
            "system-wide perf events need CAP_PERFMON (or CAP_SYS_ADMIN), e.g. 'setcap cap_perfmon+ep' on the java"
            + " binary or --cap-add PERFMON in a container, or 'sysctl kernel.perf_event_paranoid=0'; Docker's default"
            + " seccomp profile also blocks perf_event_open";

    /** How to allow MSR reads. */
    static final String MSR_PERMISSION =
            "reading /dev/cpu/N/msr needs root or CAP_SYS_RAWIO (e.g. 'setcap cap_sys_rawio+ep' on the java binary)"
            + " and read permission on the device file";

    /** How to get the MSR device. */
    static final String MSR_MISSING = "load the msr driver (modprobe msr)";

    /** Describes why a powercap file could not be read, naming the file and the fixes. */
    static String powercapReadFailure(IOException e, String file) {
        if (e instanceof AccessDeniedException) {
            return "permission denied reading " + file + ": " + POWERCAP_PERMISSION;
        }
        if (e instanceof NoSuchFileException) {
            return file + " does not exist (the zone went away: driver unloaded or CPU offline?)";
        }
        return "cannot read " + file + ": " + message(e);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
