package io.github.redisclustertestkit.internal.reuse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReuseLeaseTest {

    private static final String KEY = "test" + Long.toHexString(System.nanoTime());

    @Test
    void aTakenSlotIsSkippedUntilItsLeaseIsClosedAndNoMoreThanTheSlotsAreHandedOut() {
        List<ReuseLease> held = new ArrayList<>();
        try {
            for (int slot = 0; slot < ReuseLease.SLOTS; slot++) {
                Optional<ReuseLease> lease = ReuseLease.takeFreeSlot(KEY);
                assertThat(lease).as("lease %d", slot).isPresent();
                assertThat(lease.get().slot()).isEqualTo(slot);
                held.add(lease.get());
            }
            assertThat(ReuseLease.takeFreeSlot(KEY)).as("every slot is held").isEmpty();

            held.get(1).close();
            held.get(1).close();
            Optional<ReuseLease> again = ReuseLease.takeFreeSlot(KEY);
            assertThat(again).map(ReuseLease::slot).contains(1);
            held.add(again.get());
        } finally {
            held.forEach(ReuseLease::close);
        }
        try (ReuseLease first = ReuseLease.takeFreeSlot(KEY).orElseThrow()) {
            assertThat(first.slot()).as("every lease closed: slot 0 is free again").isZero();
        }
    }
}
