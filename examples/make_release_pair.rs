//! Writes two releases of a corpus for `folio compare` benchmarks:
//! `DIR/old/` and `DIR/new/`, N documents each (default 300), deterministic.
//!
//! `cargo run --release --example make_release_pair -- DIR [N]`

#[path = "../benches/pair.rs"]
mod pair;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().ok_or("usage: make_release_pair DIR [N]")?);
    let n: usize = args.next().map_or(Ok(300), |s| s.parse())?;
    let (old, new) = pair::make_releases(n);
    for (release, docs) in [("old", &old), ("new", &new)] {
        for (name, text) in docs {
            let path = dir.join(release).join(name);
            std::fs::create_dir_all(path.parent().ok_or("bad path")?)?;
            std::fs::write(path, text)?;
        }
    }
    println!(
        "{}: {} old, {} new documents",
        dir.display(),
        old.len(),
        new.len()
    );
    Ok(())
}
