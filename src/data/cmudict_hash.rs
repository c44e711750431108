// The hash of the CMU table's index, shared by `build.rs` (which builds the
// index) and `src/syllables.rs` (which reads it): FNV-1a, 64 bits.

/// FNV-1a over the bytes of a word.
pub const fn cmudict_hash(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < word.len() {
        h ^= word[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}
