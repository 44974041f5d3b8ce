package io.github.redisclustertestkit.internal.plan;

import java.util.ArrayList;
import java.util.List;


/**
 * A contiguous run of hash slots, both ends included, as {@code CLUSTER ADDSLOTSRANGE} and
 * {@code CLUSTER NODES} write them.
 *
 * @param first the first slot
 * @param last  the last slot, at least {@code first}
 */
public record SlotRange(int first, int last) {

    /** Redis Cluster's fixed number of hash slots. */
    public static final int SLOTS = 16384;

    public SlotRange {
        if (first < 0 || last >= SLOTS || first > last) {
            throw new IllegalArgumentException("slot range " + first + "-" + last + " is not within 0-" + (SLOTS - 1));
        }
    }

    /**
     * The 16384 slots split over {@code masters} masters in contiguous ranges whose sizes differ by
     * at most one; the first {@code 16384 % masters} ranges hold the extra slot (3 masters: 0-5461,
     * 5462-10922, 10923-16383).
     *
     * @throws IllegalArgumentException unless 1 <= masters <= 16384
     */
    public static List<SlotRange> split(int masters) {
        if (masters < 1 || masters > SLOTS) {
            throw new IllegalArgumentException("cannot split " + SLOTS + " slots over " + masters + " masters");
        }
        int size = SLOTS / masters;
        int extra = SLOTS % masters;
        List<SlotRange> ranges = new ArrayList<>(masters);
        int first = 0;
        for (int m = 0; m < masters; m++) {
            int last = first + size - 1 + (m < extra ? 1 : 0);
            ranges.add(new SlotRange(first, last));
            first = last + 1;
        }
        return List.copyOf(ranges);
    }

    /**
     * Reads {@code 0-5460} or a single slot {@code 42}, as in {@code CLUSTER NODES}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SlotRange parse(String text) {
        int dash = text.indexOf('-');
        try {
            if (dash < 0) {
                int slot = Integer.parseInt(text);
                return new SlotRange(slot, slot);
            }
            return new SlotRange(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a slot range: " + text, e);
        }
    }

    /** How many slots it holds. */
    public int count() {
        return last - first + 1;
    }

    public boolean contains(int slot) {
        return slot >= first && slot <= last;
    }

    /** {@code 0-5461}, or {@code 42} for a single slot, as Redis writes it. */
    @Override
    public String toString() {
        return first == last ? String.valueOf(first) : first + "-" + last;
    }
}
