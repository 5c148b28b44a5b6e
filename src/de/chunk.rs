//! The step of every token search: where in 16 bytes the first of up to three bytes is.
//!
//! Token searches ([`find_any_after`](super::scan::find_any_after)) look at the first bytes
//! of a token 16 at a time before handing longer ones to memchr: most names and values end
//! within them, and memchr's call and set-up cost more than a few steps. On x86_64 a step is
//! SSE2's byte comparison and mask (`pcmpeqb`, `pmovmskb`: two instructions a target and one
//! for the mask), which every x86_64 processor has; elsewhere it is word arithmetic, two
//! 8-byte words with the has-zero-byte test for each target. The portable loop does not
//! compile to SSE2's byte mask (checked on rustc 1.95: LLVM keeps the word arithmetic, in
//! vector registers). Measured on 2026-12-05 against the word step, means over six code
//! layouts (`benches/layout_ab.sh`), JSON time / JSV time deserializing: session list 1.208
//! → 1.225, quote-heavy sessions 1.127 → 1.148; the summary row, which skips most of each
//! session and so is mostly searches, 1.40 → 1.71 on the linker's own layout.

/// The index of the first byte of `chunk` that is one of `targets` (at most 3 bytes, known
/// at the call).
#[inline(always)]
pub(crate) fn first_hit(chunk: &[u8; 16], targets: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        sse2_first_hit(chunk, targets)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        words_first_hit(chunk, targets)
    }
}

/// [`first_hit`] with SSE2: one comparison of all 16 bytes per target, one mask.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
#[allow(unsafe_code)]
fn sse2_first_hit(chunk: &[u8; 16], targets: &[u8]) -> Option<usize> {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    // SAFETY: every intrinsic here needs SSE2 alone, which the x86_64 target always has
    // (it is in the target's baseline features: no processor runs x86_64 code without it).
    // The one load, `_mm_loadu_si128`, reads 16 bytes from the start of `chunk`, which is a
    // `&[u8; 16]`: exactly 16 readable bytes; the unaligned load needs no alignment.
    let mask = unsafe {
        let bytes = _mm_loadu_si128(chunk.as_ptr().cast());
        let mut hits = _mm_setzero_si128();
        for &target in targets {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(target as i8)));
        }
        _mm_movemask_epi8(hits)
    };
    // Bit i of the mask is byte i of the chunk; the upper 16 bits are zero.
    (mask != 0).then(|| mask.trailing_zeros() as usize)
}

/// [`first_hit`] with word arithmetic: two 8-byte words and one branch, the position within
/// the pair picked without a branch (most tokens end in the first 16 bytes, so the branch
/// goes the same way token after token).
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline(always)]
fn words_first_hit(chunk: &[u8; 16], targets: &[u8]) -> Option<usize> {
    let (low, high) = chunk.split_at(8);
    let low = hits_in(low.try_into().unwrap_or(&[0; 8]), targets);
    let high = hits_in(high.try_into().unwrap_or(&[0; 8]), targets);
    if low | high == 0 {
        return None;
    }
    Some(if low != 0 {
        (low.trailing_zeros() / 8) as usize
    } else {
        8 + (high.trailing_zeros() / 8) as usize
    })
}

/// A word with 0x80 in each byte of `word` equal to `byte`, and possibly in bytes after
/// the first such byte (the classic has-zero-byte test): the lowest marked byte is exact.
#[inline(always)]
fn equal_bytes(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = word ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// The bytes of the word `word` that are one of `targets`: 0x80 in the lowest such byte
/// (see [`equal_bytes`]).
#[inline(always)]
pub(crate) fn hits_in(word: &[u8; 8], targets: &[u8]) -> u64 {
    let word = u64::from_le_bytes(*word);
    targets
        .iter()
        .fold(0, |hits, &target| hits | equal_bytes(word, target))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn naive(chunk: &[u8; 16], targets: &[u8]) -> Option<usize> {
        chunk.iter().position(|byte| targets.contains(byte))
    }

    /// Both steps against the obvious search, on the chunks that decide the position: no
    /// hit, a hit at each index, several hits, and bytes that differ from a target in one
    /// bit (where the word test could be fooled by a borrow).
    #[test]
    fn every_position_and_near_miss() {
        let targets: [&[u8]; 3] = [b"\"", b",}", b":,}"];
        for targets in targets {
            for at in 0..=16 {
                for filler in [
                    b'a',
                    b' ',
                    0x00,
                    0xff,
                    0x80,
                    targets[0] ^ 1,
                    targets[0] ^ 0x80,
                ] {
                    let mut chunk = [filler; 16];
                    if targets.contains(&filler) {
                        continue;
                    }
                    if at < 16 {
                        chunk[at] = targets[at % targets.len()];
                    }
                    let expected = (at < 16).then_some(at);
                    assert_eq!(words_first_hit(&chunk, targets), expected, "{chunk:?}");
                    assert_eq!(first_hit(&chunk, targets), expected, "{chunk:?}");
                    if at < 15 {
                        chunk[15] = targets[0];
                        assert_eq!(first_hit(&chunk, targets), expected, "{chunk:?}");
                        assert_eq!(words_first_hit(&chunk, targets), expected);
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn both_steps_find_the_first_target(
            chunk in prop::array::uniform16(prop_oneof![
                Just(b','), Just(b'}'), Just(b':'), Just(b'"'), any::<u8>(),
            ]),
            targets in prop::sample::select(vec![&b"\""[..], b",}", b",]", b":,}", b","]),
        ) {
            prop_assert_eq!(first_hit(&chunk, targets), naive(&chunk, targets));
            prop_assert_eq!(words_first_hit(&chunk, targets), naive(&chunk, targets));
        }
    }
}
