//! A series of releases: every document through every consecutive pair,
//! with reverts (a document returning to an earlier version: A → B → A, as
//! scrapers and error pages cause) and a summary per document.
//!
//! A document is followed across renames. A step is a **revert** when the
//! document's new text (its whitespace-insensitive fingerprint, see
//! [`compare::fingerprint`]) equals one of its versions before the previous
//! one: `modified` or `renamed` back to an older text, or `added` again with
//! a text it had before it was removed.

use rustc_hash::FxHashMap;

use crate::compare::{self, CompareOptions, Comparison, Status};
use crate::corpus::Source;
use crate::error::Error;
use crate::table::{col, Table, Type, Value};

/// One consecutive pair of releases.
#[derive(Debug)]
pub struct Step {
    /// The older release.
    pub from: String,
    /// The newer release.
    pub to: String,
    /// The comparison of the two.
    pub comparison: Comparison,
    /// For each row of `comparison.changes`: whether it is a revert.
    pub reverts: Vec<bool>,
    /// For each row of `comparison.changes`: the number of the document
    /// (lineage) it belongs to, the same in every step it is in — numbered
    /// in order of first appearance; [`History::lineage_documents`] gives
    /// its entry in [`History::documents`].
    pub lineages: Vec<usize>,
}

/// The history of one document across the series.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentHistory {
    /// A unique key: its latest id, with `#2`, `#3` … for further
    /// documents of that id (records of a feed can share an id).
    pub key: String,
    /// Its latest id.
    pub doc_id: String,
    /// Earlier ids, oldest first.
    pub renamed_from: Vec<String>,
    /// The first release it is in.
    pub first_release: String,
    /// The last release it is in.
    pub last_release: String,
    /// How many releases it is in.
    pub releases: u64,
    /// Distinct versions of its text.
    pub versions: u64,
    /// Steps in which it changed (modified, or renamed with changes).
    pub changes: u64,
    /// Sentences of prose added, deleted, edited or moved over all steps.
    pub sentence_edits: u64,
    /// Words of prose added over all steps.
    pub words_added: u64,
    /// Words of prose deleted over all steps.
    pub words_deleted: u64,
    /// Lines of code added, deleted, edited or moved over all steps.
    pub code_line_edits: u64,
    /// Words of code lines added over all steps.
    pub code_words_added: u64,
    /// Words of code lines deleted over all steps.
    pub code_words_deleted: u64,
    /// Steps that returned it to an earlier version.
    pub reverts: u64,
    /// Steps in which one of its versions could not be read.
    pub unreadable_steps: u64,
    /// Times it came back after an absence (missing from one release or
    /// more) with a text other than the one it left with: changed while
    /// away, not diffed, and not in `changes`.
    pub changes_while_absent: u64,
}

impl DocumentHistory {
    /// Words added and deleted over all its changes, of prose and code.
    pub fn words_changed(&self) -> u64 {
        self.words_added + self.words_deleted + self.code_words_added + self.code_words_deleted
    }
}

/// The history of a series of releases.
#[derive(Debug, Default)]
pub struct History {
    /// The consecutive pairs, in order.
    pub steps: Vec<Step>,
    /// One summary per document, sorted by `doc_id`.
    pub documents: Vec<DocumentHistory>,
    /// Documents that could not be read (each reported once).
    pub problems: Vec<Error>,
    /// For each lineage number (see [`Step::lineages`]): the index of its
    /// document in `documents`.
    pub lineage_documents: Vec<usize>,
}

#[derive(Default)]
struct Lineage {
    ids: Vec<String>,
    first: String,
    last: String,
    releases: u64,
    versions: Vec<u128>,
    changes: u64,
    sentence_edits: u64,
    words_added: u64,
    words_deleted: u64,
    code_line_edits: u64,
    code_words_added: u64,
    code_words_deleted: u64,
    reverts: u64,
    unreadable: u64,
    absent_changes: u64,
}

/// Follows every document through a series of releases (name, sources),
/// oldest first. `progress` is called as [`compare::compare`] calls it.
pub fn history(
    releases: &[(String, Vec<Source>)],
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> crate::Result<History> {
    history_with(releases, opts, progress, &mut |_| Ok(()), &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
}

/// [`history`], calling `on_release` with each release once it is read,
/// before it is compared (statistics it computes via
/// [`compare::Release::stats_rows`] are then not computed again), and
/// `on_step` with each step once compared; the series stops early when it
/// returns `Break` (a report that cannot be written, say). The steps
/// returned keep their rows but not their diffs (`DocChange::diff` is
/// `None`): whatever needs them (the diff reports) is done in `on_step`.
pub fn history_with(
    releases: &[(String, Vec<Source>)],
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
    on_release: &mut dyn FnMut(&compare::Release) -> crate::Result<()>,
    on_step: &mut (dyn FnMut(&Step) -> std::ops::ControlFlow<()> + Send),
) -> crate::Result<History> {
    let names: Vec<String> = releases.iter().map(|(n, _)| n.clone()).collect();
    history_of(
        &names,
        &mut |k| compare::Release::read(&releases[k].1, opts),
        opts,
        progress,
        on_release,
        on_step,
    )
}

/// [`history_with`] for releases named `names`, read by `read` (given a
/// release's position) when their turn comes: from files, or from records
/// already read and grouped by a release field. The next release is read
/// while `on_step` has the step before it (writing it, say).
pub fn history_of(
    names: &[String],
    read: &mut (dyn FnMut(usize) -> compare::Release + Send),
    opts: &CompareOptions,
    progress: &(dyn Fn(u64) + Sync),
    on_release: &mut dyn FnMut(&compare::Release) -> crate::Result<()>,
    on_step: &mut (dyn FnMut(&Step) -> std::ops::ControlFlow<()> + Send),
) -> crate::Result<History> {
    let mut out = History::default();
    let mut lineages: Vec<Lineage> = Vec::new();
    // Lineages by (id, occurrence): documents can share an id (a feed's
    // records, `a.txt` and `a.md`); each row says which of its id's
    // documents its versions are (the rows of an id are sorted by status,
    // not by document: counting them in order had mixed two documents'
    // histories and made false reverts).
    let mut by_id: FxHashMap<(String, u32), usize> = FxHashMap::default();
    // Lineages whose document is absent from the release just compared
    // (removed, or its file unreadable there), by id: one back later is
    // the same document (its own text first, where several share the id).
    let mut gone: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    // Each release is read once, and kept while it is compared with the
    // next one.
    let mut previous: Option<(compare::Release, Vec<String>)> = None;
    let mut next = (!names.is_empty()).then(|| read(0));
    for (k, to) in names.iter().enumerate() {
        let mut release = next.take().expect("read before its turn");
        // Its unreadable files (texts kept in memory are not one).
        let messages: Vec<String> = release
            .problems
            .iter()
            .filter(|p| !p.is_warning())
            .map(ToString::to_string)
            .collect();
        out.problems.append(&mut release.problems);
        on_release(&release)?;
        let Some((old, old_messages)) = previous.replace((release, messages)) else {
            next = names.get(k + 1).map(|_| read(k + 1));
            continue;
        };
        let from = &names[k - 1];
        let (new, new_messages) = previous.as_ref().expect("just set");
        let mut comparison = compare::compare_releases(&old, new, opts, progress)?;
        // The old release is done with: memory holds the new one, the step
        // and the next release being read.
        drop(old);
        // Each comparison lists the unreadable files of its two releases.
        comparison.problems = old_messages
            .into_iter()
            .chain(new_messages.iter().cloned())
            .map(Error::Invalid)
            .collect();
        let mut reverts = Vec::with_capacity(comparison.changes.len());
        let mut row_lineages = Vec::with_capacity(comparison.changes.len());
        // The lineages of the new release's documents, by (id, occurrence):
        // made afresh each step, so that a shifted occurrence (a record
        // missing from the middle of a feed) never points at another's.
        let mut next_by_id: FxHashMap<(String, u32), usize> = FxHashMap::default();
        for c in &comparison.changes {
            // An unreadable version stands for the one read on the other
            // side: the document is followed through as it is.
            let unread = c.status == Status::Unreadable;
            let old_occurrence = c.old_occurrence.or(c.new_occurrence.filter(|_| unread));
            let new_occurrence = c.new_occurrence.or(c.old_occurrence.filter(|_| unread));
            let old_key = c
                .old_doc_id
                .as_deref()
                .zip(old_occurrence)
                .map(|(id, k)| (id.to_string(), k));
            let new_key = c
                .new_fingerprint
                .map(|_| (c.doc_id.clone(), new_occurrence.unwrap_or(0)));
            let old_lineage = old_key.clone().map(|key| {
                let old_id = key.0.clone();
                *by_id.entry(key).or_insert_with(|| {
                    lineages.push(Lineage {
                        ids: vec![old_id.clone()],
                        first: from.clone(),
                        last: from.clone(),
                        releases: 1,
                        versions: c.old_fingerprint.into_iter().collect(),
                        ..Lineage::default()
                    });
                    lineages.len() - 1
                })
            });
            let mut revert = false;
            let mut row_lineage = old_lineage;
            if let Some(fp) = c.new_fingerprint {
                let mut back = || {
                    let ls = gone.get_mut(&c.doc_id)?;
                    let k = ls
                        .iter()
                        .position(|&l| lineages[l].versions.last() == Some(&fp))
                        .unwrap_or(ls.len().checked_sub(1)?);
                    Some(ls.remove(k))
                };
                let mut came_back = false;
                let idx = match old_lineage {
                    Some(i) => i,
                    None => match back() {
                        Some(i) => {
                            came_back = true;
                            i
                        }
                        None => {
                            lineages.push(Lineage {
                                ids: vec![c.doc_id.clone()],
                                first: to.clone(),
                                ..Lineage::default()
                            });
                            lineages.len() - 1
                        }
                    },
                };
                row_lineage = Some(idx);
                let l = &mut lineages[idx];
                // Back after an absence with a text other than the one it
                // left with: it changed while away, undiffed (had been
                // "2 versions, 0 changes", the edit told nowhere).
                l.absent_changes += u64::from(came_back && l.versions.last() != Some(&fp));
                let returns =
                    matches!(c.status, Status::Modified | Status::Renamed | Status::Added);
                // Its versions before the one it had last (a document back
                // after an absence with the text it left with returns to
                // nothing: it is the same version, even when that text had
                // been a version before too: A → B → A, absent, A).
                let earlier = &l.versions[..l.versions.len().saturating_sub(1)];
                revert = returns
                    && earlier.contains(&fp)
                    && c.old_fingerprint != Some(fp)
                    && l.versions.last() != Some(&fp);
                l.reverts += u64::from(revert);
                // A step with a version not read says nothing of whether
                // the text changed: the one after it is a version of its
                // own when it differs from the last one read (A, unread,
                // B had been one version, no change).
                let same_text =
                    !c.changed && !matches!(c.status, Status::Added | Status::Unreadable);
                match l.versions.last_mut() {
                    // Unchanged as compared: the same version, whatever its
                    // fingerprint (a line removed as repeated in one
                    // release only changes it; the comparison removed
                    // that line from both).
                    Some(last) if same_text => *last = fp,
                    Some(last) if *last == fp => {}
                    _ => l.versions.push(fp),
                }
                l.last = to.clone();
                l.releases += 1;
                if c.changed {
                    l.changes += 1;
                    l.sentence_edits += c.sentences.changed();
                    l.words_added += c.words_added;
                    l.words_deleted += c.words_deleted;
                    l.code_line_edits += c.code.lines.changed();
                    l.code_words_added += c.code.words_added;
                    l.code_words_deleted += c.code.words_deleted;
                }
                if l.ids.last() != Some(&c.doc_id) {
                    l.ids.push(c.doc_id.clone());
                }
                if let Some(key) = new_key.clone() {
                    next_by_id.insert(key, idx);
                }
            } else if let (Some(i), Some(id)) = (old_lineage, c.old_doc_id.as_ref()) {
                // Removed, or unreadable in the new release: it may come
                // back.
                gone.entry(id.clone()).or_default().push(i);
            }
            if c.status == Status::Unreadable {
                if let Some(i) = row_lineage {
                    lineages[i].unreadable += 1;
                }
            }
            reverts.push(revert);
            // Every row has an old or a new version, so a lineage.
            row_lineages.push(row_lineage.unwrap_or_default());
        }

        by_id = next_by_id;
        let mut step = Step {
            from: from.clone(),
            to: to.clone(),
            comparison,
            reverts,
            lineages: row_lineages,
        };
        let (flow, read_next) =
            rayon::join(|| on_step(&step), || names.get(k + 1).map(|_| read(k + 1)));
        next = read_next;
        // The diffs are large and no longer needed: memory stays that of
        // two releases, however long the series.
        for c in &mut step.comparison.changes {
            c.diff = None;
        }
        out.steps.push(step);
        if flow.is_break() {
            break;
        }
    }
    let mut documents: Vec<(usize, DocumentHistory)> = lineages
        .into_iter()
        .enumerate()
        .map(|(n, l)| {
            let mut distinct = l.versions.clone();
            distinct.sort_unstable();
            distinct.dedup();
            let mut ids = l.ids;
            let doc_id = ids.pop().unwrap_or_default();
            (
                n,
                DocumentHistory {
                    key: String::new(),
                    doc_id,
                    renamed_from: ids,
                    first_release: l.first,
                    last_release: l.last,
                    releases: l.releases,
                    versions: distinct.len() as u64,
                    changes: l.changes,
                    sentence_edits: l.sentence_edits,
                    words_added: l.words_added,
                    words_deleted: l.words_deleted,
                    code_line_edits: l.code_line_edits,
                    code_words_added: l.code_words_added,
                    code_words_deleted: l.code_words_deleted,
                    reverts: l.reverts,
                    unreadable_steps: l.unreadable,
                    changes_while_absent: l.absent_changes,
                },
            )
        })
        .collect();
    // Documents sharing an id in order of first release in the series
    // (`v8` before `v10`: by place, not by name), so the one there first
    // keeps the id as its key and later ones are `#2`, `#3`.
    let place: FxHashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(k, n)| (n.as_str(), k))
        .collect();
    let at = |release: &str| place.get(release).copied().unwrap_or(usize::MAX);
    documents.sort_by(|(_, a), (_, b)| {
        a.doc_id
            .cmp(&b.doc_id)
            .then(at(&a.first_release).cmp(&at(&b.first_release)))
    });
    out.lineage_documents = vec![0; documents.len()];
    for (k, (n, _)) in documents.iter().enumerate() {
        out.lineage_documents[*n] = k;
    }
    let mut documents: Vec<DocumentHistory> = documents.into_iter().map(|(_, d)| d).collect();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for d in &mut documents {
        let n = seen.entry(d.doc_id.clone()).or_insert(0);
        *n += 1;
        d.key = if *n == 1 {
            d.doc_id.clone()
        } else {
            format!("{}#{n}", d.doc_id)
        };
    }
    out.documents = documents;
    crate::error::merge_spills(&mut out.problems);
    Ok(out)
}

/// The timeline table: one row per document per consecutive pair of
/// releases, with the `changes.csv` columns and a `revert` flag.
pub fn timeline_frame(h: &History) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    let rows: Vec<compare::TimelineRow<'_>> = h
        .steps
        .iter()
        .flat_map(|s| {
            s.comparison
                .changes
                .iter()
                .zip(&s.reverts)
                .zip(&s.lineages)
                .map(|((change, &revert), &lineage)| compare::TimelineRow {
                    change,
                    key: h
                        .lineage_documents
                        .get(lineage)
                        .and_then(|&k| h.documents.get(k))
                        .map_or("", |d| d.key.as_str()),
                    from: &s.from,
                    to: &s.to,
                    revert,
                })
        })
        .collect();
    compare::timeline_frame(&rows)
}

/// The documents table of a history.
pub fn documents_table() -> Table<'static, DocumentHistory> {
    type D = DocumentHistory;
    Table {
        name: "documents",
        about: "One row per document followed through a series of releases, across renames: `documents.csv`/`documents.parquet` of `folio history` and of a report, sorted by `doc_id`, then first release.",
        columns: vec![
            col("key", Type::Str, "", "A unique key: the `doc_id`, with `#2`, `#3`… for further documents of the same id (records of a feed sharing an id).", |d: &D| Value::str(&d.key)),
            col("doc_id", Type::Str, "", "Its id in the last release it is in.", |d: &D| Value::str(&d.doc_id)),
            col("renamed_from", Type::Str, "", "Its earlier ids, oldest first, joined by `;`; empty when never renamed.", |d: &D| Value::owned(d.renamed_from.join(";"))),
            col("first_release", Type::Str, "", "The first release it is in.", |d: &D| Value::str(&d.first_release)),
            col("last_release", Type::Str, "", "The last release it is in.", |d: &D| Value::str(&d.last_release)),
            col("first_date", Type::Date, "", "The date `first_release` names (an ISO date `YYYY-MM-DD`, or a name starting with one); null otherwise.", |d: &D| Value::Date(crate::series::iso_days(&d.first_release))),
            col("last_date", Type::Date, "", "The date `last_release` names; null otherwise.", |d: &D| Value::Date(crate::series::iso_days(&d.last_release))),
            col("releases", Type::Int, "releases", "Releases it is in.", |d: &D| Value::count(d.releases)),
            col("versions", Type::Int, "versions", "Distinct texts it had (by fingerprint: the words, as the diff sees them).", |d: &D| Value::count(d.versions)),
            col("changes", Type::Int, "steps", "Steps in which it changed significantly.", |d: &D| Value::count(d.changes)),
            col("sentence_edits", Type::Int, "ops", "Sentences of prose added, deleted, edited, moved, split and merged, over all its changes (the steps counted in `changes`; non-significant steps left out).", |d: &D| Value::count(d.sentence_edits)),
            col("words_added", Type::Int, "words", "Words of prose added, over all its changes (the steps counted in `changes`; non-significant steps left out).", |d: &D| Value::count(d.words_added)),
            col("words_deleted", Type::Int, "words", "Words of prose deleted, over all its changes (the steps counted in `changes`; non-significant steps left out).", |d: &D| Value::count(d.words_deleted)),
            col("code_line_edits", Type::Int, "ops", "Lines of code added, deleted, edited, moved, split and merged, over all its changes (counted apart from prose, as in the timeline's `code_*` columns).", |d: &D| Value::count(d.code_line_edits)),
            col("code_words_added", Type::Int, "words", "Words of lines of code added, over all its changes.", |d: &D| Value::count(d.code_words_added)),
            col("code_words_deleted", Type::Int, "words", "Words of lines of code deleted, over all its changes.", |d: &D| Value::count(d.code_words_deleted)),
            col("reverts", Type::Int, "steps", "Steps that returned it to an earlier text.", |d: &D| Value::count(d.reverts)),
            col("unreadable_steps", Type::Int, "steps", "Steps in which one of its two versions could not be read (`unreadable` in the timeline; see errors): nothing is known of them, so `changes` and the words and sentences counts leave them out — a change across an unread version is not counted — and `versions` counts the texts read. 0 when every version was read.", |d: &D| Value::count(d.unreadable_steps)),
            col("changes_while_absent", Type::Int, "steps", "Times it came back after an absence (missing from one release or more, as a failed crawl leaves it) with a text other than the one it left with: it changed while away. Such a change is not diffed — the releases compared are those it is missing from — so `changes`, the words and the sentences leave it out, and `versions` counts its text; 0 when it never came back changed.", |d: &D| Value::count(d.changes_while_absent)),
        ],
    }
}

/// The per-document summary table (`documents.csv`).
pub fn documents_frame(h: &History) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    documents_table().frame(&h.documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A middle release is compared twice (as new, then as old), and the
    /// report reads statistics of every version: each version is still
    /// parsed once.
    #[test]
    fn each_version_is_parsed_once() {
        let root = std::env::temp_dir().join(format!("folio-parse-once-{}", std::process::id()));
        let marker = "Zanzibar parse-once marker.";
        let texts = [
            format!("{marker} The first version says one thing.\n\nIt has two paragraphs."),
            format!("{marker} The second version says another thing.\n\nIt has two paragraphs."),
            format!("{marker} The third version says a third thing.\n\nIt has two paragraphs now."),
        ];
        let still = format!("{marker} This document never changes at all.");
        let mut releases = Vec::new();
        for (k, text) in texts.iter().enumerate() {
            let dir = root.join(format!("v{k}"));
            std::fs::create_dir_all(&dir).unwrap();
            let mut sources = Vec::new();
            for (id, body) in [("a", text), ("b", &still)] {
                let path = dir.join(format!("{id}.txt"));
                std::fs::write(&path, body).unwrap();
                sources.push(Source {
                    path,
                    id: id.to_string(),
                    release: format!("v{k}"),
                    rows: None,
                    named: false,
                });
            }
            releases.push((format!("v{k}"), sources));
        }
        let opts = CompareOptions::default();
        let mut rows = 0;
        let h = history_with(
            &releases,
            &opts,
            &|_| {},
            &mut |r| {
                rows += r.stats_rows()?.len();
                Ok(())
            },
            &mut |_| std::ops::ControlFlow::Continue(()),
        )
        .unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(rows, 6);
        assert_eq!(h.steps.len(), 2);
        for text in &texts {
            assert_eq!(crate::diff::times_parsed(text), 1, "{text}");
        }
        // The same text in three releases is three versions, each parsed
        // once (documents of a release are not shared between releases).
        assert_eq!(crate::diff::times_parsed(&still), 3);
    }
}
