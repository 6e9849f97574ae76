/**
 * An energy sensor reading a Triton Inference Server's Prometheus metrics endpoint.
 */
module dev.greenslice.triton {
    requires transitive dev.greenslice.carbon;
    requires java.net.http;

    exports dev.greenslice.triton;
}
