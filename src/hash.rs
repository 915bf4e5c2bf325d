//! The engine's fast hasher, and fingerprints of anything serializable.
//!
//! Fingerprints decide whether the live preview renders a page again; a page's
//! fingerprint is the hash of exactly what its render receives, streamed as JSON
//! into the hasher (`of_json`), so no list of inputs has to be kept in step by hand.

use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A fast non-cryptographic hasher (the multiply-rotate scheme of rustc's FxHasher,
/// eight bytes at a time), several times faster than SipHash on the short strings
/// and integers fingerprints are made of. Fingerprints only decide whether the
/// preview re-renders a page; a deliberate collision could at worst leave one page
/// of someone's own preview stale, and `build` never uses them.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    pub fn new() -> Fx {
        Fx(0)
    }

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // A final mix, so that nearby inputs do not give nearby values.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `HashMap`s keyed by strings the engine itself made.
pub type FxBuild = BuildHasherDefault<Fx>;
pub type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

pub fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = Fx::new();
    value.hash(&mut h);
    h.finish()
}

/// The hash of `value` as JSON: what a template would receive of it.
pub fn of_json<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut h = Fx::new();
    add_json(&mut h, value);
    h.finish()
}

/// Streams `value` as JSON into `h`, without building the text.
pub fn add_json<T: serde::Serialize + ?Sized>(h: &mut Fx, value: &T) {
    struct Sink<'a>(&'a mut Fx);
    impl std::io::Write for Sink<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Serialising plain views into a sink that never fails cannot fail either.
    serde_json::to_writer(Sink(h), value).expect("views serialize");
}
