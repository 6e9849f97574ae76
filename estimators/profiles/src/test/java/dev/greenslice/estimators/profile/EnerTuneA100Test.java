package dev.greenslice.estimators.profile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnerTuneA100Test {

    @Test
    void embeddedDataSetHasElevenModelsAndAllRows() {
        ModelProfiles ps = EnerTuneA100.profiles();
        assertEquals(11, ps.size());
        assertEquals(3150, ps.all().stream().mapToInt(ModelProfile::size).sum());
        assertEquals(Set.of(2, 3, 4, 7), ps.profile("gpt").slices());
        assertEquals(List.of(210, 240, 330, 420, 510, 600, 690, 780, 870, 960, 1050, 1140, 1230, 1320, 1410),
                EnerTuneA100.devicePower().clocksMhz());
    }

    @Test
    void baselinePlusDynamicMatchesTheBoardPowerOfTheFirstRow() {
        // model_datastore.csv line 2: diffusion_256_256,1,7,1410, avg 144.044..., dynamic 70.610...
        ProfilePoint p = EnerTuneA100.profiles().profile("diffusion_256_256").require(1, 7, 1410);
        assertEquals(144.04432193268187, p.boardPower(EnerTuneA100.devicePower().baseline(1410)).watts(), 2.0);
        assertEquals(73.4, EnerTuneA100.devicePower().baseline(1410).watts(), 0.1);
    }

    @Test
    void memoryNeedIsTheSmallestInstanceMeasured() {
        assertEquals(10.0, EnerTuneA100.profiles().profile("resnet152").memoryNeedGb().getAsDouble());
        assertEquals(20.0, EnerTuneA100.profiles().profile("gpt").memoryNeedGb().getAsDouble());
    }

    @Test
    void readmeKeepsTheProvenanceLine() {
        assertTrue(EnerTuneA100.readme().contains("UT-SysML/EnerTune"));
    }

    @Test
    void unknownModelAndMissingCellSayWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnerTuneA100.profiles().profile("llama"));
        assertTrue(e.getMessage().contains("known models: "), e.getMessage());
        IllegalArgumentException cell = assertThrows(IllegalArgumentException.class,
                () -> EnerTuneA100.profiles().profile("gpt").require(1, 1, 1410));
        assertTrue(cell.getMessage().contains("slices [2, 3, 4, 7]"), cell.getMessage());
    }
}
