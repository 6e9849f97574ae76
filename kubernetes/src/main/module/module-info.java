/**
 * Kubernetes manifests for a MIG deployment plan (fabric8's object model, never its client).
 */
module dev.greenslice.kubernetes {
    requires transitive dev.greenslice.planning;
    // Its API returns fabric8 ConfigMaps and Deployments (automatic modules named from their jar files).
    requires transitive kubernetes.model.core;
    requires transitive kubernetes.model.apps;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.yaml;

    exports dev.greenslice.kubernetes;
}
