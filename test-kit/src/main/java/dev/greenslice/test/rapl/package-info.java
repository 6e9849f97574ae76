/**
 * Fake Linux powercap trees ({@code /sys/class/powercap} and {@code /sys/devices/virtual/powercap}) written to
 * a folder, laid out and counting as the kernel's RAPL driver does, for tests and benchmarks of code reading
 * RAPL energy: {@link dev.greenslice.test.rapl.FakePowercapTree}.
 */
package dev.greenslice.test.rapl;
