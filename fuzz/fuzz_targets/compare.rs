//! `compare::compare` on two small generated releases (1–6 documents each,
//! written into temporary folders and found with `corpus::discover`, flat
//! layout, as `folio compare` does): no panic; every old and every new
//! document is in exactly one row; statuses, paths and ids agree; the
//! tables and the summary can be built; report paths stay safe.
#![no_main]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use arbitrary::Arbitrary;
use folio::boilerplate::Mode;
use folio::compare::{self, CompareOptions, DocChange, Status};
use folio::corpus::{self, Layout};
use libfuzzer_sys::fuzz_target;

/// File names (without extension): shared between releases so that ids
/// match, with a subfolder, spaces, dots and non-ASCII as in the fixtures.
const NAMES: [&str; 8] = [
    "a",
    "b",
    "c",
    "news/b",
    "Köln über",
    "a..b",
    "x y",
    "sports/rename-me",
];

#[derive(Arbitrary, Debug)]
enum Body {
    Text(String),
    /// The text of an old document (by index), as is.
    Copy(u8),
    /// The text of an old document with a piece replaced.
    Edit {
        from: u8,
        at: u16,
        delete: u8,
        insert: String,
    },
}

#[derive(Arbitrary, Debug)]
struct Doc {
    name: u8,
    ext: u8,
    body: Body,
}

#[derive(Arbitrary, Debug)]
struct Input {
    old: Vec<Doc>,
    new: Vec<Doc>,
    flags: u8,
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The text of a document, resolved against the old texts.
fn resolve(body: &Body, old_texts: &[String]) -> String {
    let pick = |i: u8| -> String {
        if old_texts.is_empty() {
            String::new()
        } else {
            old_texts[usize::from(i) % old_texts.len()].clone()
        }
    };
    match body {
        Body::Text(t) => t.clone(),
        Body::Copy(i) => pick(*i),
        Body::Edit {
            from,
            at,
            delete,
            insert,
        } => {
            let mut t = pick(*from);
            let mut a = usize::from(*at) % (t.len() + 1);
            while !t.is_char_boundary(a) {
                a -= 1;
            }
            let mut b = (a + usize::from(*delete)).min(t.len());
            while !t.is_char_boundary(b) {
                b += 1;
            }
            t.replace_range(a..b, insert);
            t
        }
    }
}

/// Writes the documents of one release into `dir`; returns their texts.
fn write_release(dir: &Path, docs: &[Doc], old_texts: &[String]) -> Vec<String> {
    let mut texts = Vec::new();
    for doc in docs.iter().take(6) {
        let text = resolve(&doc.body, old_texts);
        let name = NAMES[usize::from(doc.name) % NAMES.len()];
        let (ext, contents) = match doc.ext % 8 {
            0..=3 => ("txt", text.clone()),
            4 => ("md", text.clone()),
            5 => (
                "html",
                format!(
                    "<html><head><title>{}</title></head><body><article>{}</article></body></html>",
                    name,
                    text.split("\n\n")
                        .map(|p| format!("<p>{p}</p>"))
                        .collect::<String>()
                ),
            ),
            6 => (
                "jsonl",
                text.split("\n\n")
                    .take(4)
                    .enumerate()
                    .map(|(k, p)| format!("{{\"id\": \"r{k}\", \"text\": {}}}\n", json_string(p)))
                    .collect(),
            ),
            _ => (
                "csv",
                std::iter::once("id,title,text\n".to_string())
                    .chain(
                        text.split("\n\n")
                            .take(4)
                            .enumerate()
                            .map(|(k, p)| format!("r{k},,{}\n", csv_field(p))),
                    )
                    .collect(),
            ),
        };
        let path = dir.join(format!("{name}.{ext}"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        texts.push(text);
    }
    texts
}

type Key = (String, String);

/// The documents of a release as compare reads them: (path, id) of each.
fn expected(
    sources: &[corpus::Source],
    opts: &CompareOptions,
) -> (HashMap<Key, usize>, usize, usize) {
    let mut docs = HashMap::new();
    let (mut n, mut problems) = (0, 0);
    for s in sources {
        let (d, e) = corpus::load_documents(s, &opts.fields);
        for doc in d {
            *docs.entry((doc.path, doc.id)).or_insert(0) += 1;
            n += 1;
        }
        problems += e.len();
    }
    (docs, n, problems)
}

fn count_side(changes: &[DocChange], old: bool, read: &HashMap<Key, usize>) -> HashMap<Key, usize> {
    let mut m = HashMap::new();
    for c in changes {
        let (path, id) = if old {
            (c.old_path.clone(), c.old_doc_id.clone())
        } else {
            (
                c.new_path.clone(),
                Some(c.doc_id.clone()).filter(|_| c.new_path.is_some()),
            )
        };
        // An unreadable document's other side was not read: it has its
        // id (a history follows it through) and its file's path, no
        // document read.
        if c.status == Status::Unreadable
            && path
                .as_ref()
                .zip(id.as_ref())
                .is_none_or(|(p, i)| !read.contains_key(&(p.clone(), i.clone())))
        {
            continue;
        }
        match (path, id) {
            (Some(p), Some(i)) => *m.entry((p, i)).or_insert(0) += 1,
            (None, None) => {}
            (p, i) => panic!("path {p:?} without id {i:?} (or the reverse) in {c:?}"),
        }
    }
    m
}

fuzz_target!(|input: Input| {
    let root = tempfile::tempdir().unwrap();
    let (old_dir, new_dir): (PathBuf, PathBuf) = (root.path().join("old"), root.path().join("new"));
    std::fs::create_dir_all(&old_dir).unwrap();
    std::fs::create_dir_all(&new_dir).unwrap();
    let old_texts = write_release(&old_dir, &input.old, &[]);
    write_release(&new_dir, &input.new, &old_texts);

    let old = corpus::discover(&[old_dir], Layout::Flat);
    let new = corpus::discover(&[new_dir], Layout::Flat);
    assert!(old.problems.is_empty() && new.problems.is_empty());
    let opts = CompareOptions {
        boilerplate: match input.flags % 3 {
            0 => Mode::Auto,
            1 => Mode::Trailers,
            _ => Mode::None,
        },
        min_change: if input.flags & 4 != 0 { 0.1 } else { 0.0 },
        ..CompareOptions::default()
    };
    let progress = std::sync::atomic::AtomicU64::new(0);
    let cmp = compare::compare(&old.sources, &new.sources, &opts, &|n| {
        progress.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    })
    .expect("texts in memory are always readable");

    let (old_docs, old_n, old_problems) = expected(&old.sources, &opts);
    let (new_docs, new_n, new_problems) = expected(&new.sources, &opts);
    assert_eq!(cmp.old_documents, old_n);
    assert_eq!(cmp.new_documents, new_n);
    // Every load error is reported (compare may add warnings, such as
    // duplicate ids).
    assert!(cmp.problems.len() >= old_problems + new_problems);
    assert_eq!(
        count_side(&cmp.changes, true, &old_docs),
        old_docs,
        "each old document once"
    );
    assert_eq!(
        count_side(&cmp.changes, false, &new_docs),
        new_docs,
        "each new document once"
    );
    assert_eq!(
        progress.into_inner(),
        (old_n + new_n) as u64,
        "progress counts every document once"
    );

    let mut removed = HashSet::new();
    let mut added = HashSet::new();
    for c in &cmp.changes {
        if let Some(s) = c.similarity {
            assert!((0.0..=1.0).contains(&s), "similarity {s}");
        }
        match c.status {
            Status::Unchanged | Status::Modified => {
                assert!(c.old_path.is_some() && c.new_path.is_some());
            }
            Status::Renamed => assert!(c.old_path.is_some() && c.new_path.is_some()),
            Status::Added => {
                assert!(c.old_path.is_none() && c.new_path.is_some());
                added.insert(c.doc_id.clone());
            }
            Status::Removed => {
                assert!(c.old_path.is_some() && c.new_path.is_none());
                removed.insert(c.doc_id.clone());
            }
            // One side read, both files named; nothing claimed changed.
            Status::Unreadable => {
                assert!(c.old_path.is_some() && c.new_path.is_some());
                assert!(!c.changed && c.words_added == 0 && c.words_deleted == 0);
            }
        }
        if c.status == Status::Modified {
            assert_eq!(c.old_doc_id.as_deref(), Some(c.doc_id.as_str()));
            assert!(c.diff.is_some(), "a modified document has a diff");
        }
        if c.status == Status::Unchanged {
            assert_eq!(c.old_doc_id.as_deref(), Some(c.doc_id.as_str()));
            assert!(c.diff.is_none());
        }
        assert_eq!(c.changed, c.diff.is_some(), "changed rows have their diffs");
        for st in c.stats.iter() {
            for v in [st.old, st.new, st.delta] {
                if let Some(x) = v {
                    assert!(x.is_finite(), "{} = {x}", st.name);
                }
            }
        }
    }
    // Ids pair first: an id cannot be both removed and added.
    assert!(
        removed.is_disjoint(&added),
        "ids both removed and added: {:?}",
        removed.intersection(&added).collect::<Vec<_>>()
    );
    assert!(
        cmp.changes.windows(2).all(|w| w[0].doc_id <= w[1].doc_id),
        "rows sorted by id"
    );

    let rows: Vec<&DocChange> = cmp.changes.iter().collect();
    let frame = compare::changes_frame(&rows).expect("changes table");
    assert_eq!(frame.height(), rows.len());
    compare::edits_frame(&rows).expect("edits table");
    let _ = compare::summary_text(&cmp, "old", "new");

    let mut taken = HashSet::new();
    for c in &cmp.changes {
        let p = compare::safe_report_path(&c.doc_id, &mut taken);
        assert!(p.ends_with(".diff"));
        assert!(
            !p.starts_with('/') && !p.contains('\\') && !p.contains('\0'),
            "{p:?}"
        );
        assert!(
            p.split('/')
                .all(|part| !part.is_empty() && part != ".." && part != "."),
            "{p:?}"
        );
    }
});
