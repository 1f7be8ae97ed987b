//! Which addresses a link may be fetched from: only those the IANA special-purpose address
//! registries call globally reachable. The rule is the registries themselves, as tables
//! ([`IPV4_SPECIAL`], [`IPV6_SPECIAL`], the most specific entry deciding), not a list of cases
//! someone thought of; a test walks every entry.
//!
//! Two rules sit on top of the tables:
//! - an IPv6 address that carries an IPv4 one (mapped, translated, compatible, NAT64, 6to4,
//!   Teredo) is judged by the IPv4 address(es) it carries, since that is where a packet to it
//!   ends up;
//! - outside the tables, IPv4 multicast (224.0.0.0/4, its own registry) and every IPv6 address
//!   outside global unicast (2000::/3: site-local `fec0::/10`, multicast, unassigned space) are
//!   refused: none of them is a web server on the internet.
//!
//! Sources: <https://www.iana.org/assignments/iana-ipv4-special-registry> and
//! <https://www.iana.org/assignments/iana-ipv6-special-registry>, as updated in 2025.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One registry entry: a prefix, whether it is globally reachable, and its name.
#[derive(Debug, Clone, Copy)]
pub struct Special<A> {
    /// First address of the block.
    pub network: A,
    /// Prefix length.
    pub prefix: u8,
    /// The registry's "Globally Reachable" column (`N/A` and deprecated blocks count as not).
    pub global: bool,
    /// The registry's name for it.
    pub name: &'static str,
}

const fn v4(
    a: u8,
    b: u8,
    c: u8,
    d: u8,
    prefix: u8,
    global: bool,
    name: &'static str,
) -> Special<Ipv4Addr> {
    Special {
        network: Ipv4Addr::new(a, b, c, d),
        prefix,
        global,
        name,
    }
}

#[allow(clippy::too_many_arguments)]
const fn v6(s: [u16; 8], prefix: u8, global: bool, name: &'static str) -> Special<Ipv6Addr> {
    Special {
        network: Ipv6Addr::new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]),
        prefix,
        global,
        name,
    }
}

/// The IANA IPv4 Special-Purpose Address Registry.
pub const IPV4_SPECIAL: &[Special<Ipv4Addr>] = &[
    v4(0, 0, 0, 0, 8, false, "this network"),
    v4(0, 0, 0, 0, 32, false, "this host on this network"),
    v4(10, 0, 0, 0, 8, false, "private-use"),
    v4(100, 64, 0, 0, 10, false, "shared address space"),
    v4(127, 0, 0, 0, 8, false, "loopback"),
    v4(169, 254, 0, 0, 16, false, "link local"),
    v4(172, 16, 0, 0, 12, false, "private-use"),
    v4(192, 0, 0, 0, 24, false, "IETF protocol assignments"),
    v4(192, 0, 0, 0, 29, false, "IPv4 service continuity prefix"),
    v4(192, 0, 0, 8, 32, false, "IPv4 dummy address"),
    v4(192, 0, 0, 9, 32, true, "port control protocol anycast"),
    v4(
        192,
        0,
        0,
        10,
        32,
        true,
        "traversal using relays around NAT anycast",
    ),
    v4(192, 0, 0, 170, 32, false, "NAT64/DNS64 discovery"),
    v4(192, 0, 0, 171, 32, false, "NAT64/DNS64 discovery"),
    v4(192, 0, 2, 0, 24, false, "documentation (TEST-NET-1)"),
    v4(192, 31, 196, 0, 24, true, "AS112-v4"),
    v4(192, 52, 193, 0, 24, true, "AMT"),
    v4(192, 88, 99, 0, 24, false, "deprecated (6to4 relay anycast)"),
    v4(192, 168, 0, 0, 16, false, "private-use"),
    v4(192, 175, 48, 0, 24, true, "direct delegation AS112 service"),
    v4(198, 18, 0, 0, 15, false, "benchmarking"),
    v4(198, 51, 100, 0, 24, false, "documentation (TEST-NET-2)"),
    v4(203, 0, 113, 0, 24, false, "documentation (TEST-NET-3)"),
    v4(240, 0, 0, 0, 4, false, "reserved"),
    v4(255, 255, 255, 255, 32, false, "limited broadcast"),
];

/// The IANA IPv6 Special-Purpose Address Registry.
pub const IPV6_SPECIAL: &[Special<Ipv6Addr>] = &[
    v6([0, 0, 0, 0, 0, 0, 0, 1], 128, false, "loopback address"),
    v6([0, 0, 0, 0, 0, 0, 0, 0], 128, false, "unspecified address"),
    v6(
        [0, 0, 0, 0, 0, 0xffff, 0, 0],
        96,
        false,
        "IPv4-mapped address",
    ),
    v6(
        [0x64, 0xff9b, 0, 0, 0, 0, 0, 0],
        96,
        true,
        "IPv4-IPv6 translation",
    ),
    v6(
        [0x64, 0xff9b, 1, 0, 0, 0, 0, 0],
        48,
        false,
        "local-use IPv4/IPv6 translation",
    ),
    v6(
        [0x100, 0, 0, 0, 0, 0, 0, 0],
        64,
        false,
        "discard-only address block",
    ),
    v6([0x100, 0, 0, 1, 0, 0, 0, 0], 64, false, "dummy IPv6 prefix"),
    v6(
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        23,
        false,
        "IETF protocol assignments",
    ),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, false, "TEREDO"),
    v6(
        [0x2001, 1, 0, 0, 0, 0, 0, 1],
        128,
        true,
        "port control protocol anycast",
    ),
    v6(
        [0x2001, 1, 0, 0, 0, 0, 0, 2],
        128,
        true,
        "traversal using relays around NAT anycast",
    ),
    v6(
        [0x2001, 1, 0, 0, 0, 0, 0, 3],
        128,
        true,
        "DNS-SD service registration protocol anycast",
    ),
    v6([0x2001, 2, 0, 0, 0, 0, 0, 0], 48, false, "benchmarking"),
    v6([0x2001, 3, 0, 0, 0, 0, 0, 0], 32, true, "AMT"),
    v6([0x2001, 4, 0x112, 0, 0, 0, 0, 0], 48, true, "AS112-v6"),
    v6(
        [0x2001, 0x10, 0, 0, 0, 0, 0, 0],
        28,
        false,
        "deprecated (previously ORCHID)",
    ),
    v6([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28, true, "ORCHIDv2"),
    v6(
        [0x2001, 0x30, 0, 0, 0, 0, 0, 0],
        28,
        true,
        "drone remote ID protocol entity tags",
    ),
    v6(
        [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0],
        32,
        false,
        "documentation",
    ),
    v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, false, "6to4"),
    v6(
        [0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0],
        48,
        true,
        "direct delegation AS112 service",
    ),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, false, "documentation"),
    v6(
        [0x5f00, 0, 0, 0, 0, 0, 0, 0],
        16,
        false,
        "segment routing (SRv6) SIDs",
    ),
    v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, false, "unique-local"),
    v6(
        [0xfe80, 0, 0, 0, 0, 0, 0, 0],
        10,
        false,
        "link-local unicast",
    ),
];

/// Why an address is not fetched from, or `None` when it is globally reachable.
pub fn not_global(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(a) => not_global_v4(a),
        IpAddr::V6(a) => not_global_v6(a),
    }
}

/// Whether an address is on the public internet (see the module's rules).
pub fn is_public(ip: IpAddr) -> bool {
    not_global(ip).is_none()
}

fn not_global_v4(a: Ipv4Addr) -> Option<&'static str> {
    if a.is_multicast() {
        return Some("multicast");
    }
    match most_specific(IPV4_SPECIAL, |e| in_v4(a, e)) {
        Some(e) if !e.global => Some(e.name),
        _ => None,
    }
}

fn not_global_v6(a: Ipv6Addr) -> Option<&'static str> {
    let carried = carried_ipv4(a);
    if !carried.is_empty() {
        // Judged by where it leads: every IPv4 address inside must be public.
        return carried.into_iter().find_map(not_global_v4);
    }
    if a.segments()[0] & 0xe000 != 0x2000 {
        return Some(if a.is_multicast() {
            "multicast"
        } else if a.segments()[0] & 0xffc0 == 0xfec0 {
            "site-local (deprecated)"
        } else {
            match most_specific(IPV6_SPECIAL, |e| in_v6(a, e)) {
                Some(e) => e.name,
                None => "outside global unicast (2000::/3)",
            }
        });
    }
    match most_specific(IPV6_SPECIAL, |e| in_v6(a, e)) {
        Some(e) if !e.global => Some(e.name),
        _ => None,
    }
}

/// The IPv4 addresses an IPv6 address carries, by the forms that route to them: IPv4-mapped
/// `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`, IPv4-compatible `::a.b.c.d`
/// (deprecated; `::` and `::1` are left to the table), NAT64 `64:ff9b::/96` and
/// `64:ff9b:1::/48` (RFC 6052 puts the address in the last 32 bits in the /96 form, and in
/// the /48's usual /96 sub-prefix too), 6to4 `2002:a.b.c.d::/48` and Teredo `2001::/32`
/// (server in bits 32–63, client in the last 32 bits, inverted).
fn carried_ipv4(a: Ipv6Addr) -> Vec<Ipv4Addr> {
    let s = a.segments();
    let last = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let zeros = |r: std::ops::Range<usize>| s[r].iter().all(|x| *x == 0);
    if zeros(0..5) && s[5] == 0xffff {
        return vec![last];
    }
    if zeros(0..4) && s[4] == 0xffff && s[5] == 0 {
        return vec![last];
    }
    if zeros(0..6) && !(s[6] == 0 && s[7] <= 1) {
        return vec![last];
    }
    if s[0] == 0x64 && s[1] == 0xff9b && (zeros(2..6) || s[2] == 1) {
        return vec![last];
    }
    if s[0] == 0x2002 {
        return vec![Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        )];
    }
    if s[0] == 0x2001 && s[1] == 0 {
        let server = Ipv4Addr::new((s[2] >> 8) as u8, s[2] as u8, (s[3] >> 8) as u8, s[3] as u8);
        let client = Ipv4Addr::from(!u32::from(last));
        return vec![server, client];
    }
    Vec::new()
}

/// The entry with the longest prefix that holds the address.
fn most_specific<A: Copy>(
    table: &'static [Special<A>],
    holds: impl Fn(&Special<A>) -> bool,
) -> Option<&'static Special<A>> {
    table.iter().filter(|e| holds(e)).max_by_key(|e| e.prefix)
}

fn in_v4(a: Ipv4Addr, e: &Special<Ipv4Addr>) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(e.prefix)).unwrap_or(0);
    u32::from(a) & mask == u32::from(e.network) & mask
}

fn in_v6(a: Ipv6Addr, e: &Special<Ipv6Addr>) -> bool {
    let mask = u128::MAX
        .checked_shl(128 - u32::from(e.prefix))
        .unwrap_or(0);
    u128::from(a) & mask == u128::from(e.network) & mask
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last address of an entry's block.
    fn last_v4(e: &Special<Ipv4Addr>) -> Ipv4Addr {
        let host = u32::MAX.checked_shr(u32::from(e.prefix)).unwrap_or(0);
        Ipv4Addr::from(u32::from(e.network) | host)
    }

    /// The last address of an entry's block.
    fn last_v6(e: &Special<Ipv6Addr>) -> Ipv6Addr {
        let host = u128::MAX.checked_shr(u32::from(e.prefix)).unwrap_or(0);
        Ipv6Addr::from(u128::from(e.network) | host)
    }

    /// Whether a more specific entry of the same table holds `a` (then that entry decides).
    fn decided_elsewhere_v4(a: Ipv4Addr, e: &Special<Ipv4Addr>) -> bool {
        most_specific(IPV4_SPECIAL, |x| in_v4(a, x)).is_some_and(|x| x.prefix > e.prefix)
    }

    fn decided_elsewhere_v6(a: Ipv6Addr, e: &Special<Ipv6Addr>) -> bool {
        most_specific(IPV6_SPECIAL, |x| in_v6(a, x)).is_some_and(|x| x.prefix > e.prefix)
    }

    #[test]
    fn every_ipv4_registry_entry_decides_its_first_and_last_address() {
        for e in IPV4_SPECIAL {
            for a in [e.network, last_v4(e)] {
                if decided_elsewhere_v4(a, e) {
                    continue;
                }
                assert_eq!(
                    is_public(a.into()),
                    e.global,
                    "{a} in {} ({})",
                    e.name,
                    e.prefix
                );
                // The same address carried inside IPv6 is judged the same way.
                for carrier in embeddings(a) {
                    assert_eq!(
                        is_public(carrier.into()),
                        e.global,
                        "{carrier} carrying {a}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_ipv6_registry_entry_decides_its_first_and_last_address() {
        for e in IPV6_SPECIAL {
            for a in [e.network, last_v6(e)] {
                if decided_elsewhere_v6(a, e) || !carried_ipv4(a).is_empty() {
                    continue;
                }
                assert_eq!(
                    is_public(a.into()),
                    e.global,
                    "{a} in {} (/{})",
                    e.name,
                    e.prefix
                );
            }
        }
    }

    /// Every IPv6 form that carries `a`.
    fn embeddings(a: Ipv4Addr) -> Vec<Ipv6Addr> {
        let [b0, b1, b2, b3] = a.octets();
        let hi = u16::from_be_bytes([b0, b1]);
        let lo = u16::from_be_bytes([b2, b3]);
        let inv = (!u32::from(a)).to_be_bytes();
        let mut out = vec![
            a.to_ipv6_mapped(),
            Ipv6Addr::new(0, 0, 0, 0, 0xffff, 0, hi, lo),
            Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, hi, lo),
            Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, hi, lo),
            Ipv6Addr::new(0x2002, hi, lo, 0, 0, 0, 0, 1),
            // Teredo with a public server and `a` as the client.
            Ipv6Addr::new(
                0x2001,
                0,
                0x0808,
                0x0808,
                0,
                0,
                u16::from_be_bytes([inv[0], inv[1]]),
                u16::from_be_bytes([inv[2], inv[3]]),
            ),
        ];
        if u32::from(a) > 1 {
            out.push(Ipv6Addr::new(0, 0, 0, 0, 0, 0, hi, lo));
        }
        out
    }

    #[test]
    fn the_forms_found_by_hand_are_refused() {
        for a in [
            "::ffff:0:127.0.0.1",
            "::ffff:0:169.254.169.254",
            "fec0::1",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::1",
            "2001:0:7f00:1::1",
            "2001::1",
            "100::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
            "ff02::1",
            "4000::1",
            "3fff::1",
            "5f00::1",
            "224.0.0.1",
            "239.255.255.250",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }
}
