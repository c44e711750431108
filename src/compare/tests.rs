use super::*;
use std::collections::HashSet;

#[test]
fn safe_paths_stay_inside() {
    let mut taken = HashSet::new();
    assert_eq!(safe_report_path("news/a b", &mut taken), "news/a b.diff");
    assert_eq!(
        safe_report_path("../../etc/passwd", &mut taken),
        "etc/passwd.diff"
    );
    assert_eq!(safe_report_path("/abs/x", &mut taken), "abs/x.diff");
    assert_eq!(safe_report_path("c:\\win\\x", &mut taken), "c_/win/x.diff");
    assert_eq!(safe_report_path("nul\0byte", &mut taken), "nul_byte.diff");
    assert_eq!(safe_report_path("..", &mut taken), "_.diff");
    assert_eq!(safe_report_path("news/a b", &mut taken), "news/a b~2.diff");
    assert_eq!(
        safe_report_path("Köln: Über", &mut taken),
        "Köln_ Über.diff"
    );
    // The same name with decomposed accents: composed, so a clash.
    assert_eq!(
        safe_report_path("Ko\u{308}ln: U\u{308}ber", &mut taken),
        "Köln_ Über~2.diff"
    );
    let long = "x".repeat(500);
    let p = safe_report_path(&long, &mut taken);
    assert!(p.len() < 100, "{p}");
    for p in &taken {
        assert!(!p.starts_with('/') && !p.split('/').any(|c| c == ".." || c == "."));
    }
}

#[test]
fn fingerprints_follow_the_diff_options() {
    let plain = DiffOptions::default();
    assert_eq!(fingerprint("A  b\nc", &plain), fingerprint("A b c", &plain));
    assert_ne!(fingerprint("a b", &plain), fingerprint("ab", &plain));
    // Quote styles and case are changes unless the options hide them.
    assert_ne!(
        fingerprint("“A b” c — d", &plain),
        fingerprint("\"A b\" c - d", &plain)
    );
    let quotes = DiffOptions {
        normalize_quotes: true,
        ..plain
    };
    assert_eq!(
        fingerprint("“A b” c — d", &quotes),
        fingerprint("\"A b\" c - d", &quotes)
    );
    let case = DiffOptions {
        ignore_case: true,
        ..plain
    };
    assert_eq!(
        fingerprint("The Mayor", &case),
        fingerprint("the mayor", &case)
    );
    let punct = DiffOptions {
        ignore_punctuation: true,
        ..plain
    };
    assert_eq!(
        fingerprint("Yes, indeed.", &punct),
        fingerprint("Yes indeed", &punct)
    );
    // Stable: XXH3-128 of the words, whatever the build.
    assert_eq!(
        fingerprint("a b", &plain),
        xxhash_rust::xxh3::xxh3_128(b"a b ")
    );
}
