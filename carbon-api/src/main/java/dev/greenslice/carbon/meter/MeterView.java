package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.sensor.SensorDomain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@link CarbonMeter} over some or all of a {@link MeterCore}'s domains. */
final class MeterView implements CarbonMeter {

    private final MeterCore core;
    private final boolean[] scope;
    private final boolean owner;
    private final List<SensorDomain> domains;
    /**
     * The site of the label last started: a racy cache (a {@link Window.Site} is immutable, with final fields), so
     * that a server starting windows under one label allocates only the window.
     */
    private Window.Site lastSite;

    MeterView(MeterCore core, boolean[] scope, boolean owner) {
        this.core = core;
        this.scope = scope;
        this.owner = owner;
        List<SensorDomain> ds = new ArrayList<>();
        for (int i = 0; i < scope.length; i++) {
            if (scope[i]) {
                ds.add(core.domains.get(i));
            }
        }
        this.domains = List.copyOf(ds);
    }

    @Override
    public Measurement start(String label) {
        Window.Site site = lastSite;
        if (site == null || !site.label.equals(label)) {
            site = new Window.Site(core, Objects.requireNonNull(label, "label"), scope, core.clock.monotonicNanos());
            lastSite = site;
        }
        Window w = Window.open(site);
        Window.Site used = w.site();
        if (used != site) {
            lastSite = used; // a sampled window rebased the site's clock base
        }
        return w;
    }

    @Override
    public CarbonMeter forDomains(String... domainIds) {
        if (domainIds.length == 0) {
            throw new IllegalArgumentException("Name at least one domain; this meter's domains are "
                    + domains.stream().map(SensorDomain::id).toList());
        }
        boolean[] s = new boolean[scope.length];
        for (String id : domainIds) {
            int i = core.indexOf(id);
            if (!scope[i]) {
                throw new IllegalArgumentException("Domain " + id + " is outside this view; its domains are "
                        + domains.stream().map(SensorDomain::id).toList());
            }
            s[i] = true;
        }
        // Include everything nested inside a chosen domain.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < s.length; i++) {
                if (!s[i] && core.parent[i] >= 0 && s[core.parent[i]]) {
                    s[i] = true;
                    changed = true;
                }
            }
        }
        return new MeterView(core, s, false);
    }

    @Override
    public List<SensorDomain> domains() {
        return domains;
    }

    @Override
    public MeterTotals totals() {
        return core.totals(scope);
    }

    /** @return the meter's shared state, for tests in this package */
    MeterCore core() {
        return core;
    }

    @Override
    public void sampleNow() {
        core.tick();
    }

    @Override
    public void close() {
        if (owner) {
            core.close();
        }
    }

    @Override
    public String toString() {
        return "CarbonMeter" + domains.stream().map(SensorDomain::id).toList() + " (" + core.samplingDescription() + ")";
    }
}
