//! Bytes to text: BOM handling and lossy UTF-8 repair with a count of repaired sequences.

/// Decodes bytes as UTF-8, replacing each invalid sequence by U+FFFD.
///
/// Returns the text and how many invalid sequences were replaced. A UTF-8 byte-order mark is
/// dropped; UTF-16 text with a byte-order mark is decoded as UTF-16 (its unpaired surrogates
/// count as repairs) because some Windows tools still write it.
pub fn decode(bytes: &[u8]) -> (String, usize) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    decode_utf8(bytes)
}

/// True when the bytes start with a UTF-16 byte-order mark.
pub fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// Lossy UTF-8 decoding that counts replaced sequences.
pub fn decode_utf8(mut bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut repaired = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return (out, repaired);
            }
            Err(e) => {
                let good = e.valid_up_to();
                // The prefix was just validated, so this cannot fail; fall back to lossy anyway.
                out.push_str(&String::from_utf8_lossy(&bytes[..good]));
                out.push('\u{FFFD}');
                repaired += 1;
                match e.error_len() {
                    Some(n) => bytes = &bytes[good + n..],
                    None => return (out, repaired),
                }
            }
        }
    }
}

fn decode_utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> (String, usize) {
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => word([*a, *b]),
        _ => 0xFFFD,
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut repaired = 0;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                out.push('\u{FFFD}');
                repaired += 1;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        repaired += 1;
    }
    (out, repaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_and_counts() {
        let (s, n) = decode(b"caf\xe9 au lait \xff\xfe ok");
        assert_eq!(s, "caf\u{FFFD} au lait \u{FFFD}\u{FFFD} ok");
        assert_eq!(n, 3);
        let (s, n) = decode(b"truncated \xe2\x80");
        assert_eq!(s, "truncated \u{FFFD}");
        assert_eq!(n, 1);
    }

    #[test]
    fn bom_and_utf16() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi"), ("hi".to_string(), 0));
        assert_eq!(decode(b"\xFF\xFEh\0i\0"), ("hi".to_string(), 0));
        assert_eq!(decode(b"\xFE\xFF\0h\0i"), ("hi".to_string(), 0));
    }
}
