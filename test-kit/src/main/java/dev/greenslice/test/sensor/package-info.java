/**
 * Sensors for tests and the contract every {@link dev.greenslice.carbon.sensor.EnergySensor} meets:
 * {@link dev.greenslice.test.sensor.EnergySensorContract} (extend it in a new sensor's tests),
 * {@link dev.greenslice.test.sensor.ScriptedSensor} (readings as functions of a clock, faults on demand) and
 * {@link dev.greenslice.test.sensor.ConstantPowerSensor} (no I/O and no lock, for benchmarks of the meter).
 */
package dev.greenslice.test.sensor;
