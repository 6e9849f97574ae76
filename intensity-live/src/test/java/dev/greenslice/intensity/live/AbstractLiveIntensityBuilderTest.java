package dev.greenslice.intensity.live;

import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.intensity.CarbonIntensities;
import dev.greenslice.carbon.intensity.EnergySource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The setters every live provider shares are written once, return the provider's own builder (so they chain into
 * its own settings) and check each value as it is set.
 */
class AbstractLiveIntensityBuilderTest {

    private static List<AbstractLiveIntensityBuilder<?>> builders() {
        return List.of(ElectricityMapsIntensity.builder("DE"), WattTimeIntensity.builder("CAISO_NORTH"),
                UkCarbonIntensity.nationalBuilder());
    }

    @Test
    void sharedSettersReturnTheProvidersOwnBuilder() {
        ElectricityMapsIntensity.Builder em = ElectricityMapsIntensity.builder("DE");
        // Compiles only because timeout(...) returns ElectricityMapsIntensity.Builder, which has token(...).
        assertSame(em, em.timeout(Duration.ofSeconds(2)).token("t-123").maxStaleness(Duration.ZERO));
        WattTimeIntensity.Builder wt = WattTimeIntensity.builder("CAISO_NORTH");
        assertSame(wt, wt.retryAfter(Duration.ofSeconds(5)).credentials("user", "pass"));
        MockClock clock = new MockClock();
        UkCarbonIntensity.Builder uk = UkCarbonIntensity.nationalBuilder();
        assertSame(uk, uk.clock(clock).fallback(CarbonIntensities.of(EnergySource.GAS)));
    }

    @Test
    void everyProviderRefusesABadSharedSettingAsItIsSet() {
        for (AbstractLiveIntensityBuilder<?> b : builders()) {
            IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> b.timeout(Duration.ZERO));
            assertTrue(t.getMessage().contains("timeout"), t.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.retryAfter(Duration.ofSeconds(-1)));
            assertThrows(IllegalArgumentException.class, () -> b.maxStaleness(Duration.ofMinutes(-1)));
            IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                    () -> b.baseUrl(URI.create("ftp://example.org")));
            assertTrue(u.getMessage().contains("ftp://example.org"), u.getMessage());
            assertThrows(NullPointerException.class, () -> b.clock(null));
        }
        assertEquals(3, builders().size());
    }
}
