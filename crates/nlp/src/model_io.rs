//! Model file framing: gzip around a magic string, a kind tag and a format version, checked
//! on load so that a stale or foreign file fails loudly instead of producing garbage.

use anyhow::{bail, Context};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

/// Tagger file version: bumped whenever its byte layout or feature set changes.
pub const TAGGER_VERSION: u32 = 1;
/// Parser file version: bumped whenever its byte layout or feature set changes.
pub const PARSER_VERSION: u32 = 2;
const MAGIC: &[u8; 8] = b"VIGILNLP";

/// File name of the tagger (with lemmatiser) inside the models directory.
pub const TAGGER_FILE: &str = "tagger.bin.gz";
/// File name of the parser inside the models directory.
pub const PARSER_FILE: &str = "parser.bin.gz";
/// Hand-written irregular verb list used when training the lemmatiser.
pub const LEMMA_LIST_FILE: &str = "tagger.lemmas.tsv";

/// Writes `body` to `path` under a header for `kind` (4 bytes) and `version`.
pub fn save(
    path: &Path,
    kind: &[u8; 4],
    version: u32,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let f = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut gz = GzEncoder::new(BufWriter::new(f), Compression::best());
    gz.write_all(MAGIC)?;
    gz.write_all(kind)?;
    gz.write_all(&version.to_le_bytes())?;
    body(&mut gz).with_context(|| format!("writing {}", path.display()))?;
    gz.finish()?.flush()?;
    Ok(())
}

/// Opens `path`, checks the header for `kind` and `version`, and hands the body reader to
/// `body`.
pub fn load<T>(
    path: &Path,
    kind: &[u8; 4],
    version: u32,
    body: impl FnOnce(&mut dyn Read) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let f =
        std::fs::File::open(path).with_context(|| format!("opening model {}", path.display()))?;
    let mut r = BufReader::with_capacity(1 << 16, GzDecoder::new(BufReader::new(f)));
    let mut head = [0u8; 16];
    r.read_exact(&mut head)
        .with_context(|| format!("reading header of {}", path.display()))?;
    if &head[..8] != MAGIC || &head[8..12] != kind {
        bail!(
            "{} is not a vigil-nlp {} model",
            path.display(),
            String::from_utf8_lossy(kind)
        );
    }
    let v = u32::from_le_bytes([head[12], head[13], head[14], head[15]]);
    if v != version {
        bail!(
            "{}: model format version {v}, this build reads version {version}; retrain with `vigil train`",
            path.display()
        );
    }
    body(&mut r).with_context(|| format!("reading {}", path.display()))
}
