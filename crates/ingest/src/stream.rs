//! Streaming reads: a JSON Lines file of any size is read one line at a time, so a 10 GB file
//! goes through in the memory of one article. `max_bytes` then limits each line (article), not
//! the file. Standard input is streamed the same way when its first line is a JSON object (a
//! pipe has no name to go by). Every other input — and a JSONL file that does not start like
//! UTF-8 text — is read whole by [`crate::read_input`], with its rules and rejections.

use crate::sniff::{self, Format};
use crate::{
    decode, jsonl_line, read_input, read_whole, IngestOptions, Input, Item, Rejection, STDIN_ORIGIN,
};
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};

/// Bytes looked at to decide whether a `.jsonl` file is text.
const HEAD_BYTES: usize = 8192;

/// The items of one input, produced lazily for JSON Lines files. `consumed` counts the input's
/// bytes read so far, for progress bars.
pub struct ItemStream {
    inner: Inner,
    consumed: u64,
}

enum Inner {
    Whole(std::vec::IntoIter<Item>),
    Lines(Lines),
}

struct Lines {
    reader: Box<dyn BufRead>,
    origin: String,
    line_no: usize,
    max_line: u64,
    items: usize,
    done: bool,
    buf: Vec<u8>,
}

impl ItemStream {
    /// Bytes of the input read so far (the whole size once a non-streamed input is read).
    pub fn consumed(&self) -> u64 {
        self.consumed
    }
}

/// Reads `input` as a stream of items: JSON Lines files line by line, anything else whole.
pub fn stream_input(input: &Input, opts: &IngestOptions) -> ItemStream {
    let whole = |consumed: u64| ItemStream {
        inner: Inner::Whole(read_input(input, opts).into_iter()),
        consumed,
    };
    let Input::File(path) = input else {
        return stream_stdin(opts);
    };
    let origin = path.display().to_string();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if sniff::format_from_name(&origin) != Some(Format::Jsonl) {
        return whole(size);
    }
    let Ok(file) = File::open(path) else {
        return whole(size);
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = reader
        .fill_buf()
        .map(|h| h[..h.len().min(HEAD_BYTES)].to_vec());
    match head {
        Ok(h) if looks_like_text(&h) => lines(Box::new(reader), origin, opts),
        _ => whole(size),
    }
}

/// True when the first bytes of an input can start UTF-8 text lines.
fn looks_like_text(head: &[u8]) -> bool {
    !head.is_empty() && !decode::has_utf16_bom(head) && sniff::binary_reason(head).is_none()
}

fn lines(reader: Box<dyn BufRead>, origin: String, opts: &IngestOptions) -> ItemStream {
    ItemStream {
        inner: Inner::Lines(Lines {
            reader,
            origin,
            line_no: 0,
            max_line: opts.max_bytes,
            items: 0,
            done: false,
            buf: Vec::new(),
        }),
        consumed: 0,
    }
}

/// Standard input: its first line (up to `HEAD_BYTES`) decides. A JSON object there means JSON
/// Lines, streamed; anything else is read whole, as a file without a telling name would be.
fn stream_stdin(opts: &IngestOptions) -> ItemStream {
    let mut stdin = std::io::stdin().lock();
    let mut head = Vec::new();
    let read = (&mut stdin)
        .take(HEAD_BYTES as u64)
        .read_until(b'\n', &mut head);
    let rest = Cursor::new(head.clone()).chain(stdin);
    let jsonl = read.is_ok()
        && looks_like_text(&head)
        && sniff::sniff(&String::from_utf8_lossy(&head)) == Format::Jsonl;
    if jsonl {
        let reader = BufReader::with_capacity(1 << 16, rest);
        return lines(Box::new(reader), STDIN_ORIGIN.to_string(), opts);
    }
    let items = match read {
        Err(e) => crate::reject(STDIN_ORIGIN, crate::expand::io_reason(&e)),
        Ok(_) => read_whole(rest, STDIN_ORIGIN, opts),
    };
    ItemStream {
        inner: Inner::Whole(items.into_iter()),
        consumed: 0,
    }
}

impl Lines {
    /// Reads the next line into `buf` (at most `max_line + 1` bytes kept); returns the bytes
    /// consumed, 0 at the end, and whether the line was cut.
    fn read_line(&mut self) -> std::io::Result<(u64, bool)> {
        self.buf.clear();
        let limit = self.max_line.saturating_add(1);
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)? as u64;
        if n < limit || self.buf.ends_with(b"\n") {
            return Ok((n, false));
        }
        // Over-long line: skip the rest of it without keeping it.
        let mut skipped = 0u64;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok((n + skipped, true));
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    self.reader.consume(i + 1);
                    return Ok((n + skipped + i as u64 + 1, true));
                }
                None => {
                    let len = chunk.len();
                    self.reader.consume(len);
                    skipped += len as u64;
                }
            }
        }
    }

    fn next_item(&mut self, consumed: &mut u64) -> Option<Item> {
        while !self.done {
            let (n, cut) = match self.read_line() {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    let reason = format!("read error: {e}");
                    return Some(Item::Rejected(Rejection::new(self.origin.clone(), reason)));
                }
            };
            if n == 0 {
                self.done = true;
                if self.items == 0 {
                    let reason = if *consumed == 0 {
                        "empty file"
                    } else {
                        "no JSON lines"
                    };
                    return Some(Item::Rejected(Rejection::new(self.origin.clone(), reason)));
                }
                return None;
            }
            *consumed += n;
            self.line_no += 1;
            let at = format!("{}:{}", self.origin, self.line_no);
            if cut {
                self.items += 1;
                let reason = format!("too large: line longer than {} bytes", self.max_line);
                return Some(Item::Rejected(Rejection::new(at, reason)));
            }
            let mut bytes = self.buf.as_slice();
            if self.line_no == 1 {
                bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            }
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            let (line, repaired) = decode::decode_utf8(bytes);
            if let Some(item) = jsonl_line(&line, at, Some(&self.origin), repaired) {
                self.items += 1;
                return Some(item);
            }
        }
        None
    }
}

impl Iterator for ItemStream {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match &mut self.inner {
            Inner::Whole(it) => it.next(),
            Inner::Lines(l) => l.next_item(&mut self.consumed),
        }
    }
}
