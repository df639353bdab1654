//! Feature hashing: words and feature templates become 64-bit keys, so no vocabulary is
//! stored and no strings are allocated per feature at run time.

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mixes one value into a running hash (FxHash step).
#[inline]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Final avalanche so that keys spread over the open-addressing table.
#[inline]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    // 0 marks an empty slot in the weight table.
    h | 1
}

/// Hash of a string's bytes.
pub fn hash_str(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(b));
    }
    let rem = chunks.remainder();
    let mut b = [0u8; 8];
    b[..rem.len()].copy_from_slice(rem);
    h = mix(h, u64::from_le_bytes(b));
    mix(h, s.len() as u64)
}

/// Key of feature template `t` over values `a`, `b`, `c`.
#[inline]
pub fn feat(t: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(
        mix(mix(t.wrapping_mul(0x9e37_79b9_7f4a_7c15), a), b),
        c,
    ))
}
