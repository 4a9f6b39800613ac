package org.freerpacapture.gateway.routing;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit hash of a string, and its point in [0, 1).
 *
 * <p>Every replica, in every region and after every restart, must put a key on the same variant, so the hash is
 * defined here rather than borrowed: {@link String#hashCode()} is only 32 bits and clusters for keys that differ in
 * the last characters ({@code tenant-1}, {@code tenant-2}). This is FNV-1a over the UTF-8 bytes, which is simple
 * and fixed by its constants, followed by MurmurHash3's 64-bit finalizer, which spreads every input bit over the
 * high bits that {@link #unit(String)} keeps (FNV-1a alone mixes the last bytes poorly into them).
 */
final class StickyHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private StickyHash() {
    }

    static long hash64(String key) {
        long h = FNV_OFFSET;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return fmix64(h);
    }

    /** The key's point in [0, 1): the top 53 bits of its hash, the precision of a double. */
    static double unit(String key) {
        return (hash64(key) >>> 11) * 0x1.0p-53;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
