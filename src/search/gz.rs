//! Gzip for the client index's files, in two flavours. Text (documents, bundles,
//! the manifest, term shards) is left to deflate's usual matching; columns of
//! numbers (postings, field norms) are mostly small varints where short matches
//! cost more than they save, so they go through zlib's `filtered` strategy, which
//! leaves them to the Huffman codes: 3–5 % smaller postings, which are most of a
//! query's download. Both write the same bytes on every build and platform.

use std::io::Write as _;

use anyhow::{bail, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

pub fn text(raw: &[u8]) -> Result<Vec<u8>> {
    // flate2 writes no file name and a zero timestamp: the same bytes every build.
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(raw)?;
    Ok(enc.finish()?)
}

pub fn numbers(raw: &[u8]) -> Result<Vec<u8>> {
    let config = zlib_rs::DeflateConfig {
        level: 9,
        // 16 + the largest window: a gzip wrapper.
        window_bits: 31,
        strategy: zlib_rs::Strategy::Filtered,
        ..zlib_rs::DeflateConfig::default()
    };
    // The gzip wrapper is 12 bytes longer than the zlib one the bound is for.
    let mut out = vec![0u8; zlib_rs::compress_bound(raw.len()) + 12];
    let (written, code) = zlib_rs::compress_slice(&mut out, raw, config);
    if code != zlib_rs::ReturnCode::Ok {
        bail!("could not compress a search index file ({code:?})");
    }
    let len = written.len();
    out.truncate(len);
    // zlib names the operating system in the header; "unknown", as flate2 writes
    // it, keeps the bytes the same on every platform.
    out[9] = 255;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    #[test]
    fn both_flavours_are_gzip_that_opens_to_the_same_bytes() {
        let raw: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 13) as u8).collect();
        for packed in [super::text(&raw).unwrap(), super::numbers(&raw).unwrap()] {
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(&packed[..])
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, raw);
            assert_eq!(packed[9], 255, "no operating system named");
        }
    }
}
