package dev.querylens.workload;

/**
 * A multiset of 64-bit keys, each remembering the input that last added it, and how many of it
 * the input being read now has taken: each later input may match each counted key once per
 * instance (stderr, csvlog and jsonlog of one server all repeat the same events). Open
 * addressing over primitive arrays (24 bytes a slot), because a server log has millions of events
 * and boxed maps would take ten times that. Holds at most {@code capacity} distinct keys; past
 * that, adding returns false and the caller says what it could not check.
 */
final class CountedKeys {
    private static final long EMPTY = 0;
    private final int capacity;
    private long[] keys = new long[1 << 12];
    /** Per slot: the input's index in the high 32 bits, the count in the low 32. */
    private long[] values = new long[1 << 12];
    /** Per slot: the input that has taken some of it (high 32 bits), and how many (low 32). */
    private long[] taken = new long[1 << 12];
    private int size;

    CountedKeys(int capacity) {
        this.capacity = capacity;
    }

    /** Counts one more of {@code key} from input {@code input}; false when full (nothing recorded). */
    boolean add(long key, int input) {
        key = key == EMPTY ? 1 : key;
        int slot = slot(key);
        if (keys[slot] == key) {
            values[slot] = ((long) input << 32) | ((values[slot] & 0xFFFFFFFFL) + 1);
            return true;
        }
        if (size >= capacity) {
            return false;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
            slot = slot(key);
        }
        keys[slot] = key;
        values[slot] = ((long) input << 32) | 1;
        size++;
        return true;
    }

    /**
     * Takes one of {@code key} counted from an input other than {@code input}: the input it came
     * from, or -1 when there is none left (the key is then left alone).
     */
    int takeFromOther(long key, int input) {
        key = key == EMPTY ? 1 : key;
        int slot = slot(key);
        if (keys[slot] != key) {
            return -1;
        }
        int from = (int) (values[slot] >>> 32);
        long count = values[slot] & 0xFFFFFFFFL;
        long takenSoFar = (int) (taken[slot] >>> 32) == input ? taken[slot] & 0xFFFFFFFFL : 0;
        if (from == input || takenSoFar >= count) {
            return -1;
        }
        taken[slot] = ((long) input << 32) | (takenSoFar + 1);
        return from;
    }

    /** How many of {@code key} are counted, from whichever input, less what the input {@code by} has taken. */
    long available(long key, int by) {
        key = key == EMPTY ? 1 : key;
        int slot = slot(key);
        if (keys[slot] != key) {
            return 0;
        }
        long takenSoFar = (int) (taken[slot] >>> 32) == by ? taken[slot] & 0xFFFFFFFFL : 0;
        return (values[slot] & 0xFFFFFFFFL) - takenSoFar;
    }

    /** How many of {@code key} are counted, from whichever input. */
    long count(long key) {
        key = key == EMPTY ? 1 : key;
        int slot = slot(key);
        return keys[slot] == key ? values[slot] & 0xFFFFFFFFL : 0;
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        long[] oldTaken = taken;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        taken = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
                taken[slot] = oldTaken[i];
            }
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
