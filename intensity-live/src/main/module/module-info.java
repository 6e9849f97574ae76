/**
 * Live carbon intensity from public grid-data services (Electricity Maps, WattTime, UK Carbon Intensity).
 */
module dev.greenslice.intensity.live {
    requires transitive dev.greenslice.carbon;
    requires com.fasterxml.jackson.databind;
    // Transitive: its builders take a java.net.http.HttpClient.
    requires transitive java.net.http;
    requires org.slf4j;

    exports dev.greenslice.intensity.live;
}
