//! Helpers shared by integration tests (not a test target).

#![allow(dead_code)]

use core::convert::Infallible;

pub mod generators;

/// A deterministic RNG (splitmix64) implementing `rand_core::Rng`: the same
/// seed gives the same bytes, so tests can predict ids.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl rand_core::TryRng for SplitMix {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let v = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}

/// (key, raw value, [(property key, property raw value)]) of a baggage
/// member, nothing decoded.
pub type RawEntry = (String, String, Vec<(String, Option<String>)>);

/// The members of a baggage view, as they were written.
pub fn raw_entries(b: &tracewire::BaggageRef<'_>) -> Vec<RawEntry> {
    b.iter()
        .map(|m| {
            (
                m.key().to_owned(),
                m.raw_value().to_owned(),
                m.properties()
                    .map(|p| (p.key().to_owned(), p.raw_value().map(str::to_owned)))
                    .collect(),
            )
        })
        .collect()
}
