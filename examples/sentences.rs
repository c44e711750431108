//! Prints the sentences folio finds in a file, one a line, with word counts.
//!
//! `cargo run --example sentences -- FILE`

use folio::tokenize::{tokenize, Rules};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: sentences FILE")?;
    let bytes = std::fs::read(&path)?;
    let text = folio::decode::decode(&bytes).ok_or("binary file")?.text;
    let t = tokenize(&text, Rules::default());
    for s in &t.sentences {
        let one_line = text[s.span.clone()].replace('\n', " ");
        println!("{:3} | {}", s.words.len(), one_line);
    }
    Ok(())
}
