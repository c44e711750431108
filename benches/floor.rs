//! The floor of `folio stats`: the least work a word statistic needs, as a
//! program of its own, to time beside `wc -w` and `folio stats` on the same
//! files and threads (issue 15; see benches/README.md, "The floor").
//!
//! ```text
//! cargo run --release --example floor -- LEVEL THREADS DIR
//! ```
//!
//! Every file of DIR (not its subfolders) is read whole, one at a time per
//! thread, as folio's workers read documents. The levels add work:
//!
//! - 0: read, and count words as `wc -w` does (runs of bytes between
//!   ASCII whitespace);
//! - 1: and check the bytes are UTF-8, as every document is decoded;
//! - 2: and intern every word, lower-cased (ASCII), in a table of the
//!   document's own (open addressing, an FxHash-like hash, each word's
//!   bytes compared on a hit): the least a count of types, hapaxes, TTR,
//!   MATTR, MTLD or Yule's K needs, and what folio's word table does.
//!
//! Nothing of folio is used: no tokenizer (sentences, Unicode words,
//! abbreviations, markup), no syllables, no language, no table. The time
//! of level 2 is a floor no program computing folio's statistics from the
//! same bytes goes under; folio's time over it is what its rules cost.
//! It prints the time, the words and the types summed over documents.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// An FxHash-like hash of a word: 8 bytes at a time.
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h
}

/// A document's words: each distinct one once, with its count.
struct Table {
    /// 0 for an empty slot, else a word's id + 1.
    slots: Vec<u32>,
    hashes: Vec<u64>,
    /// Where each word's bytes start in `arena` (and the next one's end).
    starts: Vec<u32>,
    arena: Vec<u8>,
    counts: Vec<u32>,
}

impl Table {
    fn new() -> Table {
        Table {
            slots: vec![0; 1 << 12],
            hashes: Vec::new(),
            starts: vec![0],
            arena: Vec::new(),
            counts: Vec::new(),
        }
    }

    /// Empties the table for the next document, keeping its memory.
    fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = 0);
        self.hashes.clear();
        self.starts.truncate(1);
        self.arena.clear();
        self.counts.clear();
    }

    fn word(&self, id: usize) -> &[u8] {
        &self.arena[self.starts[id] as usize..self.starts[id + 1] as usize]
    }

    /// Counts a word, and gives its id.
    fn insert(&mut self, w: &[u8]) -> u32 {
        let h = hash(w);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                let id = self.counts.len() as u32;
                self.slots[i] = id + 1;
                self.hashes.push(h);
                self.arena.extend_from_slice(w);
                self.starts.push(self.arena.len() as u32);
                self.counts.push(1);
                if self.counts.len() * 2 > self.slots.len() {
                    self.grow();
                }
                return id;
            }
            let id = (s - 1) as usize;
            if self.hashes[id] == h && self.word(id) == w {
                self.counts[id] += 1;
                return id as u32;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        self.slots = vec![0; n];
        for (id, &h) in self.hashes.iter().enumerate() {
            let mut i = h as usize & (n - 1);
            while self.slots[i] != 0 {
                i = (i + 1) & (n - 1);
            }
            self.slots[i] = id as u32 + 1;
        }
    }
}

/// One thread's work: documents taken in turn until none is left; its
/// words and types.
fn work(files: &[PathBuf], next: &AtomicUsize, level: u32) -> (u64, u64) {
    let (mut words, mut types) = (0u64, 0u64);
    let mut table = Table::new();
    let (mut buf, mut low) = (Vec::new(), Vec::new());
    loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let Some(path) = files.get(k) else {
            return (words, types);
        };
        buf.clear();
        let read = std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf));
        if let Err(e) = read {
            eprintln!("{}: {e}", path.display());
            continue;
        }
        if level >= 1 && std::str::from_utf8(&buf).is_err() {
            eprintln!("{}: not UTF-8", path.display());
        }
        table.clear();
        let (mut in_word, mut start) = (false, 0);
        // (A sentinel space ends the last word.)
        for (i, &b) in buf.iter().chain(std::iter::once(&b' ')).enumerate() {
            let space = b == b' ' || (b'\t'..=b'\r').contains(&b);
            if !space && !in_word {
                words += 1;
                start = i;
            }
            if space && in_word && level >= 2 {
                low.clear();
                low.extend(buf[start..i].iter().map(u8::to_ascii_lowercase));
                table.insert(&low);
            }
            in_word = !space;
        }
        types += table.counts.len() as u64;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [level, threads, dir] = args.as_slice() else {
        eprintln!("usage: floor LEVEL(0|1|2) THREADS DIR");
        std::process::exit(2);
    };
    let (Ok(level), Ok(threads)) = (level.parse::<u32>(), threads.parse::<usize>()) else {
        eprintln!("usage: floor LEVEL(0|1|2) THREADS DIR");
        std::process::exit(2);
    };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            std::process::exit(2);
        }
    };
    files.sort();
    let next = AtomicUsize::new(0);
    let t0 = Instant::now();
    let totals: Vec<(u64, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| s.spawn(|| work(&files, &next, level)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker ends"))
            .collect()
    });
    let seconds = t0.elapsed().as_secs_f64();
    let words: u64 = totals.iter().map(|t| t.0).sum();
    let types: u64 = totals.iter().map(|t| t.1).sum();
    println!("level {level}, {threads} threads: {seconds:.3} s, {words} words, {types} types");
}
