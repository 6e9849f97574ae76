package dev.greenslice.carbon.embodied;

import dev.greenslice.carbon.Assumption;
import dev.greenslice.carbon.CarbonFigure;

import java.util.List;
import java.util.Objects;

/**
 * The manufacturing carbon of one device, with its range and every parameter that produced it. Immutable.
 *
 * @param device       what was modelled, e.g. {@code "A100-PCIE-40GB"}
 * @param carbon       the footprint, with low/high across the stated range of inputs (e.g. fab grids)
 * @param model        the model, e.g. {@code "ACT (Gupta et al., ISCA 2022)"}
 * @param parameterSet the name of the parameter set, e.g. {@code "study"} or {@code "act-defaults"}
 * @param boundary     what is inside the footprint, e.g. {@code "die + memory (ACT boundary; no board, cooling or packaging)"}
 * @param parameters   every input with its value and source
 */
public record EmbodiedFootprint(String device, CarbonFigure carbon, String model, String parameterSet,
                                String boundary, List<Assumption> parameters) {

    /**
     * A footprint as computed; the parameter list is copied.
     *
     * @param device       what was modelled, e.g. {@code "A100-PCIE-40GB"}
     * @param carbon       the footprint, with low/high across the stated range of inputs (e.g. fab grids)
     * @param model        the model, e.g. {@code "ACT (Gupta et al., ISCA 2022)"}
     * @param parameterSet the name of the parameter set, e.g. {@code "study"} or {@code "act-defaults"}
     * @param boundary     what is inside the footprint, e.g. {@code "die + memory (ACT boundary; no board, cooling or
     *                     packaging)"}
     * @param parameters   every input with its value and source
     * @throws NullPointerException if any part is null, or a parameter is
     */
    public EmbodiedFootprint {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(carbon, "carbon");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(parameterSet, "parameterSet");
        Objects.requireNonNull(boundary, "boundary");
        parameters = List.copyOf(parameters);
    }
}
