//! Writes a large pair of versions for diff benchmarks: `old.txt` (about
//! 1.5 MB, the sample corpus's English articles repeated) and `new.txt`, a
//! heavy revision of it — words replaced in many sentences, sentences
//! deleted and added, paragraphs moved — deterministic (a fixed seed).
//!
//! `cargo run --release --example make_diff_pair -- DIR [SIZE_BYTES]`

use std::path::PathBuf;

#[path = "../benches/pair.rs"]
mod pair;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: make_diff_pair DIR [SIZE_BYTES]")?,
    );
    let size: usize = args.next().map_or(Ok(1_500_000), |s| s.parse())?;
    let (old, new) = pair::make_pair(size);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("old.txt"), &old)?;
    std::fs::write(dir.join("new.txt"), &new)?;
    println!(
        "{}: old {} bytes, new {} bytes",
        dir.display(),
        old.len(),
        new.len()
    );
    Ok(())
}
