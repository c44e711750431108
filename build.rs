//! Builds the look-up index of the CMU syllable table
//! (`src/data/cmudict-syllables.txt`): an open-addressing hash table of
//! line offsets, read in place by `syllables::cmudict_lookup`, so a look-up
//! costs one or two probes and the program no start-up work.

use std::env;
use std::fs;
use std::path::Path;

include!("src/data/cmudict_hash.rs");

fn main() {
    cmudict_index();
}

fn cmudict_index() {
    let table = "src/data/cmudict-syllables.txt";
    println!("cargo:rerun-if-changed={table}");
    println!("cargo:rerun-if-changed=src/data/cmudict_hash.rs");
    let text = fs::read(table).expect("src/data/cmudict-syllables.txt");
    let lines = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    // At most half full: short probe runs.
    let slots = (lines * 2).next_power_of_two();
    let mask = slots - 1;
    let mut index = vec![0u32; slots];
    let mut start = 0usize;
    for line in text.split(|&b| b == b'\n') {
        if !line.is_empty() {
            let word = &line[..line.iter().position(|&b| b == b' ').expect("word N")];
            let mut slot = cmudict_hash(word) as usize & mask;
            while index[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            // Offsets are stored + 1: 0 marks an empty slot.
            index[slot] = u32::try_from(start + 1).expect("table under 4 GB");
        }
        start += line.len() + 1;
    }
    let bytes: Vec<u8> = index.iter().flat_map(|o| o.to_le_bytes()).collect();
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("cmudict-index.bin");
    fs::write(out, bytes).expect("write the index");
}
