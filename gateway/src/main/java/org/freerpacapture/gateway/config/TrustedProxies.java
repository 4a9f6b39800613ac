package org.freerpacapture.gateway.config;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The load balancers and proxies whose requests may name the region they are served in ({@code X-Region}): the
 * operator's own, which set that header themselves. A request is judged by its connection's peer address, never by
 * a forwarded-for header, which any caller can write.
 *
 * <p>Entries are IP literals and CIDR blocks, never host names: nothing is looked up in DNS. An IPv4-mapped IPv6
 * address ({@code ::ffff:10.0.0.1}) is the IPv4 address it carries, in an entry and in a peer alike, so a dual-stack
 * listener's view of an IPv4 proxy matches an IPv4 entry.
 *
 * @param blocks the trusted addresses; empty trusts no one
 */
public record TrustedProxies(List<Block> blocks) {

    /** Trusts no one: every request is served in the replica's own region. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");
    private static final int MAPPED_PREFIX = 96;

    public TrustedProxies {
        blocks = List.copyOf(blocks);
    }

    /**
     * One address or block: the network's bytes (4 for IPv4, 16 for IPv6) and how many leading bits must match.
     *
     * @param written as the operator wrote it, for messages and logs
     */
    public record Block(String written, byte[] network, int prefix) {

        public Block {
            network = network.clone();
        }

        @Override
        public byte[] network() {
            return network.clone();
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Block b && b.prefix == prefix && Arrays.equals(b.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefix;
        }

        @Override
        public String toString() {
            return written;
        }
    }

    /**
     * Reads a comma-separated list of addresses ({@code 10.0.0.7}, {@code fd00::7}) and CIDR blocks
     * ({@code 10.0.0.0/8}, {@code fd00::/8}); blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first entry that is not one, and why
     */
    public static TrustedProxies parse(String commaSeparated) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : commaSeparated.split(",")) {
            String written = entry.trim();
            if (!written.isEmpty()) {
                blocks.add(block(written));
            }
        }
        return new TrustedProxies(blocks);
    }

    private static Block block(String written) {
        int slash = written.indexOf('/');
        String address = slash < 0 ? written : written.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + written + "' is not an IP address or CIDR block (write "
                    + "10.0.0.7, 10.0.0.0/8, fd00::7 or fd00::/8; host names are not looked up)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = written.substring(slash + 1);
            if (!PREFIX.matcher(length).matches() || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'" + written + "' has a prefix length that is not a whole number "
                        + "from 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        if (isMapped(bytes)) {
            if (prefix < MAPPED_PREFIX) {
                throw new IllegalArgumentException("'" + written + "' is an IPv4-mapped block shorter than /96; "
                        + "write the IPv4 block it means");
            }
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            prefix -= MAPPED_PREFIX;
        }
        if (hasHostBits(bytes, prefix)) {
            throw new IllegalArgumentException("'" + written + "' has bits set past its /" + prefix
                    + " prefix; write the block's first address");
        }
        return new Block(written, bytes, prefix);
    }

    /** An IP literal's bytes, or null: IPv4 as four decimal numbers, IPv6 without brackets or zone. */
    private static byte[] literal(String text) {
        if (text.indexOf(':') < 0) {
            return DOTTED_QUAD.matcher(text).matches() ? NetUtil.createByteArrayFromIpAddressString(text) : null;
        }
        if (text.indexOf('%') >= 0 || text.indexOf('[') >= 0 || !NetUtil.isValidIpV6Address(text)) {
            return null;
        }
        return NetUtil.createByteArrayFromIpAddressString(text);
    }

    private static boolean hasHostBits(byte[] network, int prefix) {
        for (int bit = prefix; bit < network.length * 8; bit++) {
            if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMapped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /**
     * Whether the peer at {@code address} is trusted: an IP literal as the listener reports it
     * ({@code 10.0.0.7}, {@code 0:0:0:0:0:0:0:1}, {@code fe80:0:0:0:0:0:0:1%eth0}). Anything else is not.
     */
    public boolean trusts(String address) {
        if (blocks.isEmpty() || address == null) {
            return false;
        }
        int zone = address.indexOf('%');
        byte[] peer = NetUtil.createByteArrayFromIpAddressString(zone < 0 ? address : address.substring(0, zone));
        if (peer == null) {
            return false;
        }
        if (isMapped(peer)) {
            peer = Arrays.copyOfRange(peer, 12, 16);
        }
        for (Block b : blocks) {
            if (b.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return blocks.isEmpty() ? "(none)" : String.join(",", blocks.stream().map(Block::written).toList());
    }
}
