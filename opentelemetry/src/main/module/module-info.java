/**
 * GreenSlice's OpenTelemetry tracing: a metering window's energy and carbon on the span it ran in.
 */
module dev.greenslice.opentelemetry {
    requires transitive dev.greenslice.carbon;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.greenslice.opentelemetry;
}
