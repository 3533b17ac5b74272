package dev.switchboard.platform.config;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the server may send requests of its own (outbound webhooks, email and lead providers). Loopback, private,
 * link-local (including the cloud metadata address), shared and unspecified addresses are refused unless
 * {@code outbound.allowPrivate} ({@code SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE}) lists the host name or an address
 * range (CIDR such as {@code 10.1.0.0/16}, or one address) that permits them: for tests and local development.
 */
public final class OutboundConfig {

    private static final Pattern HOST_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$");

    private final List<String> allowPrivate;
    private final Set<String> allowedHosts;
    /** Each {network bytes, {prefix length}}. */
    private final List<byte[][]> allowedRanges;

    private OutboundConfig(List<String> allowPrivate, Set<String> allowedHosts, List<byte[][]> allowedRanges) {
        this.allowPrivate = List.copyOf(allowPrivate);
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.allowedRanges = List.copyOf(allowedRanges);
    }

    /** The configured entries, as given. */
    public List<String> allowPrivate() {
        return allowPrivate;
    }

    @Override
    public String toString() {
        return "OutboundConfig[allowPrivate=" + allowPrivate + "]";
    }

    /** Parses the allow-list; a malformed entry stops startup naming the setting. */
    public static OutboundConfig of(List<String> allowPrivate) {
        Set<String> hosts = new HashSet<>();
        List<byte[][]> ranges = new ArrayList<>();
        for (String entry : allowPrivate) {
            byte[][] range = range(entry);
            if (range != null) {
                ranges.add(range);
            } else if (HOST_NAME.matcher(entry.toLowerCase(Locale.ROOT)).matches()) {
                hosts.add(entry.toLowerCase(Locale.ROOT));
            } else {
                throw new ConfigException("invalid configuration: outbound.allowPrivate (SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE) entry '"
                        + entry + "' is not a host name, an address or an address range such as 10.0.0.0/8");
            }
        }
        return new OutboundConfig(allowPrivate, hosts, ranges);
    }

    /**
     * Why the server must not call {@code host} at {@code addresses}, or null when it may: each address must be
     * public, or the host or address allowed.
     */
    public String refusal(String host, InetAddress... addresses) {
        if (host != null && allowedHosts.contains(normalisedHost(host))) {
            return null;
        }
        for (InetAddress address : addresses) {
            if (internal(address) && !allowedRange(address)) {
                return "points at a loopback, private, link-local or metadata address (" + address.getHostAddress()
                        + "); the server does not call those";
            }
        }
        return null;
    }

    /**
     * Like {@link #refusal}, without name resolution: only a literal address or {@code localhost} in {@code url} is
     * judged. For URLs checked at startup, before anything may block.
     */
    public String literalRefusal(String url) {
        String host = host(url);
        if (host == null) {
            return null;
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return refusal(host, InetAddress.getLoopbackAddress());
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return null;
        }
        try {
            return refusal(host, InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The host of an absolute URL, lower case, without IPv6 brackets; null when there is none. */
    public static String host(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null ? null : normalisedHost(host);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normalisedHost(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    /** Not a public unicast address: loopback, unspecified, private (RFC 1918, fc00::/7), link-local, shared (100.64/10), multicast. */
    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 127 || (first == 100 && second >= 64 && second < 128) // this network, shared (CGNAT)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240; // benchmarking, reserved
        }
        return (b[0] & 0xfe) == 0xfc; // unique local, e.g. fd00:ec2::254 (a metadata address)
    }

    private boolean allowedRange(InetAddress address) {
        byte[] b = address.getAddress();
        for (byte[][] range : allowedRanges) {
            byte[] network = range[0];
            int prefix = range[1][0] & 0xff;
            if (network.length == b.length && matches(network, b, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] network, byte[] address, int prefix) {
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((network[bit / 8] & mask) != (address[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** {network bytes, {prefix length}} for an address or CIDR entry, or null when the entry is not one. */
    private static byte[][] range(String entry) {
        String[] parts = entry.split("/", 2);
        String address = parts[0];
        if (!address.matches("[0-9.]+") && !address.contains(":")) {
            return null;
        }
        try {
            byte[] network = InetAddress.getByName(address).getAddress(); // a literal: no lookup
            int max = network.length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            if (prefix < 0 || prefix > max) {
                return null;
            }
            return new byte[][] {network, {(byte) prefix}};
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }
}
