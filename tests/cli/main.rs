//! CLI integration tests: they run the `folio` binary.

mod compare;
mod diff;
mod html;
mod inputs;
mod report;
mod safety;
mod series;
mod stats;
mod terms;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The folio binary, run from the repository root.
pub fn folio() -> Command {
    let mut cmd = Command::cargo_bin("folio").unwrap();
    cmd.current_dir(root());
    cmd.env_remove("NO_COLOR");
    cmd
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path, relative to the repository root.
pub fn fixture(rel: &str) -> String {
    let p = Path::new("tests/fixtures").join(rel);
    p.to_string_lossy().into_owned()
}

/// Parses CSV output into a header and rows.
pub fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv_lines(text);
    let header = rdr.remove(0);
    (header, rdr)
}

/// A minimal CSV reader for test assertions (quotes, commas, newlines in quotes).
fn csv_lines(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The row of a timeline table for document `id` in the step from release
/// `from`.
pub fn timeline_row<'a>(
    header: &[String],
    rows: &'a [Vec<String>],
    id: &str,
    from: &str,
) -> Option<&'a [String]> {
    rows.iter()
        .find(|r| cell(header, r, "doc_id") == id && cell(header, r, "from_release") == from)
        .map(Vec::as_slice)
}

/// The value of a column in a row.
pub fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    &row[i]
}

#[test]
fn a_refused_command_line_is_one_line() {
    for args in [
        vec!["stats", "corpus", "--format", "xls"],
        vec!["diff", "a.txt", "b.txt", "--threshold", "2"],
        vec!["nosuch"],
    ] {
        let out = folio().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
    let out = folio().args(["stats", "--help"]).output().unwrap();
    assert!(out.status.success());
    // A negative number is a value out of range, not an unknown option
    // (clap's tip had been to write `-- -1`, which names a file).
    for (args, says) in [
        (
            ["stats", "corpus", "-j", "-1"],
            "must be a whole number from 1 to 1024",
        ),
        (
            ["terms", "corpus", "--top", "-3"],
            "must be a whole number, 0 or more",
        ),
        (
            ["kwic", "corpus", "--window", "2.5"],
            "must be a whole number from 0 to 1000",
        ),
    ] {
        let out = folio().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            err.contains(says) && !err.contains("-- -"),
            "{args:?}: {err}"
        );
    }
}

/// Help that cannot be written is a failed write, as any other output's.
#[cfg(target_os = "linux")]
#[test]
fn help_written_to_a_full_disk_fails() {
    for args in [vec!["--help"], vec!["stats", "--help"], vec!["--version"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            err.starts_with("error: cannot write standard output"),
            "{err}"
        );
    }
}
