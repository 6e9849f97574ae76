/**
 * What a model must serve and how it serves it: the demand it serves ({@link dev.greenslice.carbon.plan.ModelDemand}:
 * requests, arrivals, batch size, latency SLO), the serving model that forecasts latency, completion, busy and
 * idle time on an instance at a clock ({@link dev.greenslice.estimators.workload.ServingModel},
 * {@link dev.greenslice.estimators.workload.ServingForecast}).
 *
 * <p><b>Units:</b> requests, requests per second, milliseconds, MIG compute slices, MHz. <b>Thread-safety:</b>
 * immutable and thread-safe.
 */
package dev.greenslice.estimators.workload;
