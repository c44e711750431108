//! The sentence test set: hand-written real-world cases (tests/sentences/
//! cases.txt) in eight languages and fifty-three classes, each with the
//! sentences a careful editor would make. Every case is split with folio's
//! rules; the figures per class are printed (`cargo test --test sentences
//! -- --nocapture`) and may not fall below the floors recorded here.

use std::collections::BTreeMap;

use folio::tokenize::{tokenize, Rules};

struct Case {
    class: String,
    lang: String,
    input: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("sentences/cases.txt");
    let mut out: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("# class: ") {
            let (class, lang) = head.split_once(" | lang: ").expect("class | lang");
            out.push(Case {
                class: class.trim().to_string(),
                lang: lang.trim().to_string(),
                input: String::new(),
                expected: Vec::new(),
            });
        } else if let Some(s) = line.strip_prefix("=> ") {
            out.last_mut()
                .expect("a case")
                .expected
                .push(s.trim().to_string());
        } else if !line.trim().is_empty() {
            let case = out.last_mut().expect("a case");
            if !case.input.is_empty() {
                case.input.push('\n');
            }
            case.input.push_str(line);
        }
    }
    out
}

fn split(text: &str) -> Vec<String> {
    let t = tokenize(text, Rules::default());
    t.sentences
        .iter()
        .map(|s| {
            text[s.span.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The share of cases split exactly right, per class, that the rules must
/// keep (measured when the set was written; raise them as rules improve).
const FLOORS: &[(&str, f64)] = &[
    ("abbrev-comma", 1.0),       // 31 of 31
    ("abbrev-capital", 1.0),     // 36 of 36
    ("time", 1.0),               // 28 of 28
    ("number-ref", 1.0),         // 48 of 48
    ("list-inline", 1.0),        // 22 of 22
    ("ellipsis", 1.0),           // 24 of 24
    ("acronym-end", 1.0),        // 29 of 29
    ("de-ordinal", 1.0),         // 38 of 38
    ("de-legal", 1.0),           // 60 of 60
    ("md-escape", 1.0),          // 6 of 6
    ("fr-basic", 1.0),           // 28 of 28
    ("es-basic", 1.0),           // 30 of 30
    ("it-basic", 1.0),           // 18 of 18
    ("nl-basic", 1.0),           // 11 of 11
    ("pt-basic", 1.0),           // 9 of 9
    ("military-rank", 1.0),      // 3 of 3
    ("legal-citation", 1.0),     // 5 of 5
    ("heading-label", 1.0),      // 10 of 10
    ("raw-html", 1.0),           // 2 of 2
    ("hard-wrap", 1.0),          // 40 of 40
    ("lowercase", 1.0),          // 33 of 33
    ("glued-quote", 1.0),        // 7 of 7
    ("glued-dash", 1.0),         // 8 of 8
    ("letter-name", 1.0),        // 19 of 19
    ("section-ref", 1.0),        // 4 of 4
    ("list-letter", 1.0),        // 4 of 4
    ("plain", 1.0),              // 44 of 44
    ("label", 1.0),              // 14 of 14
    ("heading-period", 1.0),     // 6 of 6
    ("post-tail", 1.0),          // 10 of 10
    ("list-wrap", 1.0),          // 5 of 5
    ("rst", 1.0),                // 14 of 14
    ("code-span", 1.0),          // 4 of 4
    ("md-image", 1.0),           // 4 of 4
    ("version-wildcard", 1.0),   // 4 of 4
    ("place-state", 1.0),        // 7 of 7
    ("caps-abbrev", 1.0),        // 10 of 10
    ("dateline-state", 1.0),     // 17 of 17
    ("hyphen-abbrev", 1.0),      // 4 of 4
    ("legal-reporter", 1.0),     // 12 of 12
    ("note-after-quote", 1.0),   // 2 of 2
    ("opener-contraction", 1.0), // 6 of 6
    ("opener-gap", 1.0),         // 8 of 8
    ("pr-heading", 1.0),         // 5 of 5
    ("initials-time", 1.0),      // 4 of 4
    ("note-mark", 1.0),          // 7 of 7
    ("pl-basic", 1.0),           // 7 of 7
    ("attribution", 1.0),        // 29 of 29
    ("closer-after-space", 1.0), // 4 of 4
    ("inverted-marks", 1.0),     // 3 of 3
    ("title-over-text", 1.0),    // 14 of 14
    ("line-units", 1.0),         // 9 of 9
    ("quote-parity", 1.0),       // 11 of 11
];

#[test]
fn sentence_test_set() {
    let cases = cases();
    assert!(cases.len() >= 300, "{} cases", cases.len());
    let mut by_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for c in &cases {
        // The set itself is sound: its sentences are the input's words
        // (sentences run together without a space, `hearing.`If`, too).
        let bare = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(
            bare(&c.expected.concat()),
            bare(&c.input),
            "{}: expected sentences do not cover the input",
            c.input
        );
        let got = split(&c.input);
        let ok = got == c.expected;
        for (map, key) in [
            (&mut by_class, c.class.as_str()),
            (&mut by_lang, c.lang.as_str()),
        ] {
            let e = map.entry(key).or_default();
            e.0 += usize::from(ok);
            e.1 += 1;
        }
        if !ok {
            failures.push(format!(
                "[{} {}] {}\n   want {:?}\n   got  {:?}",
                c.class, c.lang, c.input, c.expected, got
            ));
        }
    }
    let total: usize = by_class.values().map(|v| v.0).sum();
    println!("sentence test set: {total} of {} cases right", cases.len());
    for (class, (ok, n)) in &by_class {
        println!(
            "  {class:15} {ok:3} / {n:3}  {:5.1}%",
            100.0 * *ok as f64 / *n as f64
        );
    }
    for (lang, (ok, n)) in &by_lang {
        println!(
            "  {lang:15} {ok:3} / {n:3}  {:5.1}%",
            100.0 * *ok as f64 / *n as f64
        );
    }
    for f in &failures {
        println!("{f}");
    }
    // Every class has its floor: one without had fallen unseen (eight
    // had none; `dateline-state` lost two cases to a new rule, the test
    // still passing).
    let unfloored: Vec<&str> = by_class
        .keys()
        .copied()
        .filter(|c| !FLOORS.iter().any(|(f, _)| f == c))
        .collect();
    assert!(
        unfloored.is_empty(),
        "classes without a floor: {unfloored:?}"
    );
    for (class, floor) in FLOORS {
        let (ok, n) = by_class.get(class).copied().unwrap_or((0, 1));
        let share = ok as f64 / n as f64;
        assert!(
            share + 1e-9 >= *floor,
            "{class}: {ok} of {n} right, below the floor {floor}"
        );
    }
}
