//! One module per command; `run` dispatches.

mod compare;
mod diff;
mod history;
mod report;
pub(crate) mod sentences;
mod stats;
mod terms;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::Result;

use crate::app::cli::{
    BoilerplateArg, ChangeArgs, Cli, Command, CorpusArgs, LayoutArg, OutDirArgs,
};
use folio::analyze::{self, Analysis, AnalyzeOptions};
use folio::boilerplate::Mode;
use folio::compare::CompareOptions;
use folio::corpus::{self, Discovery, Layout};

use crate::app::progress;
use folio::outdir::{OutDir, OutDirOptions};
use folio::output::Inputs;
use folio::stats::StatsOptions;

/// Exit status of a successful run.
pub const SUCCESS: u8 = 0;
/// Exit status of `folio diff --exit-code` when the versions differ.
pub const DIFFERENCES: u8 = 1;
/// Exit status of a failed run.
pub const ERROR: u8 = 2;

/// Stack size of worker threads, in bytes.
pub const WORKER_STACK: usize = 64 << 20;

/// `folio schema [TABLE]`: every table's data dictionary, or one's.
fn schema(table: Option<&str>) -> Result<String> {
    let all = folio::table::dictionaries();
    match table {
        None => Ok(folio::table::dictionary_markdown()),
        Some(name) => all
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, d)| d)
            .ok_or_else(|| {
                let names: Vec<&str> = folio::table::dictionaries()
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                anyhow::anyhow!("no table {name:?}; the tables: {}", names.join(", "))
            }),
    }
}

/// Runs a parsed command line; returns the exit status of a run that did
/// not fail.
pub fn run(cli: Cli) -> Result<u8> {
    folio::output::set_csv_style(folio::output::CsvStyle {
        excel_safe: cli.excel_safe,
        bom: cli.bom,
    });
    let corpus = match &cli.command {
        Command::Stats(a) => Some(&a.corpus),
        Command::Terms(a) => Some(&a.corpus),
        Command::Keyness(a) => Some(&a.corpus),
        Command::Kwic(a) => Some(&a.corpus),
        Command::Compare(a) => Some(&a.corpus),
        Command::History(a) => Some(&a.corpus),
        Command::Report(a) => Some(&a.corpus_args),
        Command::Sentences(a) => Some(&a.corpus),
        Command::Diff(_) | Command::Schema(_) => None,
    };
    threads(corpus.and_then(|c| c.jobs))?;
    let abbreviations = match &cli.command {
        Command::Diff(a) => a.abbreviations.as_ref(),
        _ => corpus.and_then(|c| c.abbreviations.as_ref()),
    };
    if let Some(path) = abbreviations {
        let text = folio::series::read_option_file(path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
        folio::lexicon::add(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    match cli.command {
        Command::Stats(args) => stats::run(&args).map(|()| SUCCESS),
        Command::Terms(args) => terms::run_terms(&args).map(|()| SUCCESS),
        Command::Keyness(args) => terms::run_keyness(&args).map(|()| SUCCESS),
        Command::Kwic(args) => terms::run_kwic(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Compare(args) => compare::run(&args).map(|()| SUCCESS),
        Command::History(args) => history::run(&args).map(|()| SUCCESS),
        Command::Report(args) => report::run(&args).map(|()| SUCCESS),
        Command::Sentences(args) => sentences::run(&args).map(|()| SUCCESS),
        Command::Schema(args) => {
            print_text(&schema(args.table.as_deref())?)?;
            Ok(SUCCESS)
        }
    }
}

pub(crate) use folio::output::counted;

/// Writes a text to standard output; a write error (a full disk, a closed
/// pipe) is an error, not a panic.
fn print_text(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|source| folio::Error::Write {
            path: folio::output::STDOUT_NAME.into(),
            source,
        })?;
    Ok(())
}

/// Fails when a folder of the releases could not be read (no permission,
/// an I/O error): its documents would be reported removed, then added
/// again, which is not what happened. A comparison or history stops
/// before it writes anything.
/// Stops the run when a document could not be read for a limit of the
/// process (too many open files, no memory; see
/// [`folio::Error::is_exhaustion`]): published, its tables would lack
/// documents, or call them unreadable, and differ from run to run.
fn refuse_exhaustion(problems: &[folio::Error]) -> Result<()> {
    if let Some(e) = problems.iter().find(|p| p.is_exhaustion()) {
        anyhow::bail!(
            "{e}: a limit of this process, not a problem of the file (raise `ulimit -n`, or give fewer jobs with -j); nothing written"
        );
    }
    Ok(())
}

fn refuse_unreadable_folders(problems: &[folio::Error]) -> Result<()> {
    // (A link back to a folder above is read once, not lost: no stop.)
    // A path that cannot even be looked up (a link into a folder without
    // permission, a path longer than the system takes) may be a folder
    // too, and its documents are as lost; a dangling link is nothing.
    let lost = |path: &std::path::Path| {
        path.is_dir()
            || std::fs::metadata(path).is_err_and(|e| e.kind() != std::io::ErrorKind::NotFound)
    };
    // (Judged by the walk's own error first: a link that was dangling then
    // is nothing, even where the run has made its target since — a link
    // in the corpus to the output folder a report then made.)
    let unreadable = problems.iter().find(|p| {
        matches!(p, folio::Error::Read { path, source }
            if source.kind() != std::io::ErrorKind::NotFound
                && lost(path)
                && source.to_string() != corpus::FILESYSTEM_LOOP)
    });
    if let Some(e) = unreadable {
        anyhow::bail!(
            "{e}; its documents would be reported removed (make the folder readable, or --exclude it)"
        );
    }
    Ok(())
}

/// Refuses a stream named twice — standard input (`-`, or by another
/// name: `/dev/fd/0`), a pipe or a FIFO: it can be read once (`diff - -`
/// had compared it with nothing, `diff - /dev/fd/0` reported everything
/// deleted, `compare ff ff` a change of a direction that differed between
/// runs, and `history ff b.txt ff` waited for ever).
/// Streams are told by the file they are (device and inode), whatever
/// their names; a regular file named twice is read twice, as it can be.
/// With `same_name_once` (`diff`, which reads a path named twice once), a
/// stream named twice by the same name is allowed.
fn stdin_once<'a>(
    paths: impl IntoIterator<Item = &'a std::path::Path>,
    same_name_once: bool,
) -> Result<()> {
    #[cfg(unix)]
    use std::os::unix::fs::MetadataExt;
    let paths: Vec<&std::path::Path> = paths.into_iter().collect();
    let named = paths.iter().filter(|p| corpus::is_stdin(p)).count();
    if named > 1 {
        anyhow::bail!("standard input (-) is named {named} times; it can be read once (save it to a file to name it again)");
    }
    #[cfg(unix)]
    {
        let stream = |p: &std::path::Path| {
            std::fs::metadata(p)
                .ok()
                .filter(|m| !m.is_file() && !m.is_dir())
                .map(|m| (m.dev(), m.ino()))
        };
        let mut seen: Vec<((u64, u64), &std::path::Path)> = Vec::new();
        for &p in &paths {
            let Some(id) = stream(p) else { continue };
            if let Some((_, first)) = seen
                .iter()
                .find(|(k, _)| *k == id)
                .filter(|(_, first)| !(same_name_once && *first == p))
            {
                let name = |p: &std::path::Path| {
                    if corpus::is_stdin(p) {
                        "standard input (-)".to_string()
                    } else {
                        p.display().to_string()
                    }
                };
                let what = if *first == p {
                    format!("{} is named twice", name(p))
                } else {
                    format!("{} and {} are one", name(first), name(p))
                };
                anyhow::bail!(
                    "{what}: a stream (standard input, a pipe or a FIFO) can be read once (save it to a file to name it again)"
                );
            }
            seen.push((id, p));
        }
    }
    Ok(())
}

/// The inputs of a run — the paths named, the documents found, and the
/// files its options read (`--order`, `--abbreviations`) — which no
/// output may replace.
fn inputs_of<'a, P: AsRef<std::path::Path> + 'a>(
    named: impl IntoIterator<Item = P>,
    sources: impl IntoIterator<Item = &'a corpus::Source>,
    option_files: impl IntoIterator<Item = &'a std::path::PathBuf>,
) -> Inputs {
    Inputs::new(
        named
            .into_iter()
            .map(|p| p.as_ref().to_path_buf())
            .chain(sources.into_iter().map(|s| s.path.clone()))
            .chain(option_files.into_iter().cloned()),
    )
}

impl crate::app::cli::CorpusArgs {
    /// The files the options name (`--order`, `--abbreviations`): inputs
    /// too, which no output may replace.
    fn option_files(&self) -> impl Iterator<Item = &std::path::PathBuf> {
        self.order.iter().chain(&self.abbreviations)
    }
}

impl OutDirArgs {
    /// Takes the output folder of a run (see [`folio::outdir`]).
    fn open(
        &self,
        command: &'static str,
        dir: &std::path::Path,
        inputs: &Inputs,
        quiet: bool,
    ) -> Result<OutDir> {
        let opts = OutDirOptions {
            force: self.force,
            no_wait: self.no_wait,
            quiet,
            command,
        };
        Ok(OutDir::open(dir, opts, inputs)?)
    }
}

/// The most worker threads a run uses: four per core.
fn max_threads() -> usize {
    std::thread::available_parallelism().map_or(4, |n| n.get() * 4)
}

/// Sets up the worker threads (`-j`; default: one per core) for the whole
/// run: every parallel step of folio's own, writing the diff reports
/// included, shares one pool (polars writes its tables with a pool of its
/// own, sized by `POLARS_MAX_THREADS`). A second run in the same process
/// keeps the first run's pool.
/// Workers that cannot start (a memory limit below their stacks: `ulimit
/// -v`) are an error of one line, not a panic at their first task.
fn threads(jobs: Option<u64>) -> Result<()> {
    static BUILT: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    let built = BUILT.get_or_init(|| {
        // Workers get a large stack: parsing a web page recurses into its
        // elements (deep pages are refused before that, see `corpus`).
        let mut builder = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK);
        if let Some(j) = jobs {
            builder = builder.num_threads((j as usize).min(max_threads()));
        }
        builder.build_global().map_err(|e| e.to_string())
    });
    match built {
        Ok(_) => Ok(()),
        Err(e) => Err(anyhow::anyhow!(
            "cannot start the worker threads ({} MiB of stack each): {e}; \
             try fewer (-j) or a higher memory limit",
            WORKER_STACK >> 20
        )),
    }
}

impl CorpusArgs {
    fn analyze_options(&self) -> AnalyzeOptions {
        AnalyzeOptions {
            boilerplate: match self.boilerplate {
                BoilerplateArg::Auto => Mode::Auto,
                BoilerplateArg::Trailers => Mode::Trailers,
                BoilerplateArg::None => Mode::None,
            },
            stats: StatsOptions {
                mattr_window: self.mattr_window as usize,
                ..StatsOptions::default()
            },
            fields: self.fields(),
            shard: None,
        }
    }

    fn fields(&self) -> corpus::Fields {
        corpus::Fields {
            id: self.id_field.clone(),
            title: self.title_field.clone(),
            text: self.text_field.clone(),
            max_doc_bytes: self.max_doc_bytes,
            release: self.release_field.clone(),
            keep: match self.keep_fields.as_slice() {
                [] => corpus::KeepFields::None,
                [all] if all == "all" => corpus::KeepFields::All,
                names => {
                    let mut seen = HashSet::new();
                    corpus::KeepFields::Named(
                        names
                            .iter()
                            .map(|n| n.trim().to_string())
                            .filter(|n| !n.is_empty() && seen.insert(n.clone()))
                            .collect(),
                    )
                }
            },
        }
    }

    fn layout(&self) -> Layout {
        match self.layout {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Releases => Layout::Releases,
            LayoutArg::Flat => Layout::Flat,
        }
    }

    /// The layout and the order of releases (`--order FILE` read).
    fn series(&self) -> Result<corpus::SeriesOptions> {
        let order = match &self.order {
            Some(path) => Some(
                self.order_read
                    .get_or_init(|| folio::series::read_order(path))
                    .clone()
                    .map_err(anyhow::Error::msg)?,
            ),
            None => None,
        };
        Ok(corpus::SeriesOptions {
            layout: self.layout(),
            order,
            exclude: corpus::Exclude::new(&self.exclude).map_err(anyhow::Error::msg)?,
        })
    }

    /// [`CorpusArgs::series`] for a folder read flat (one release, or a
    /// folder of versions).
    fn flat(&self) -> Result<corpus::SeriesOptions> {
        Ok(corpus::SeriesOptions {
            layout: Layout::Flat,
            ..self.series()?
        })
    }

    /// Fails when `--order FILE` lacks one of the releases found.
    fn check_order<'a>(&self, releases: impl IntoIterator<Item = &'a str>) -> Result<()> {
        self.check_order_among(releases, &[])
    }

    /// [`CorpusArgs::check_order`] for releases with documents, beside
    /// `empty` release folders: those the order file may leave out (they
    /// are left out of a series), and may name (no unknown name).
    fn check_order_among<'a>(
        &self,
        releases: impl IntoIterator<Item = &'a str>,
        empty: &[&str],
    ) -> Result<()> {
        let (Some(path), Some(order)) = (&self.order, self.series()?.order) else {
            return Ok(());
        };
        let mut releases: Vec<&str> = releases.into_iter().filter(|r| !r.is_empty()).collect();
        releases.dedup();
        let listed: std::collections::HashSet<&str> = order.iter().map(String::as_str).collect();
        let mut lacking: Vec<&str> = releases
            .iter()
            .copied()
            .filter(|r| !listed.contains(r))
            .collect();
        lacking.dedup();
        let releases: std::collections::HashSet<&str> = releases.into_iter().collect();
        // A name no release has may be a typo for one: said, not refused
        // (an order file may cover releases not given this time).
        let unknown: Vec<&str> = order
            .iter()
            .map(String::as_str)
            .filter(|o| !releases.contains(o) && !empty.contains(o))
            .collect();
        if !unknown.is_empty() && !releases.is_empty() {
            self.note(&format!(
                "{}: no release here is named {}",
                path.display(),
                folio::series::list_names(&unknown)
            ));
        }
        if !lacking.is_empty() {
            anyhow::bail!(
                "{}: releases missing from the order file: {} (list every release, oldest first)",
                path.display(),
                folio::series::list_names(&lacking)
            );
        }
        Ok(())
    }

    /// Says how a folder was read (stderr; not with `-q`).
    fn note(&self, note: &str) {
        if !self.quiet {
            folio::say!("note: {}", folio::output::printable(note));
        }
    }

    /// The problems of reading releases: a folder that could not be read
    /// stops the run (see [`refuse_unreadable_folders`]); the rest are
    /// warnings.
    fn warn_release_problems(&self, problems: &[folio::Error]) -> Result<()> {
        refuse_exhaustion(problems)?;
        refuse_unreadable_folders(problems)?;
        self.warn_all(problems);
        Ok(())
    }

    /// Warns of a release of a series that holds no document between two
    /// that do (a failed crawl): its documents are reported removed, then
    /// added back, and what changed across it is only counted in
    /// `changes_while_absent`.
    fn warn_empty_releases(&self, h: &folio::history::History) {
        // Runs of empty releases, each after one with documents.
        let mut run: Vec<&str> = Vec::new();
        for step in &h.steps {
            let c = &step.comparison;
            // (A release whose files could not be read is not empty: its
            // documents are `unreadable`, not removed.)
            let empty = c.new_documents == 0 && c.count(folio::compare::Status::Unreadable) == 0;
            if empty && (c.old_documents > 0 || !run.is_empty()) {
                run.push(&step.to);
                continue;
            }
            if !run.is_empty() && c.new_documents > 0 {
                let (what, names) = if run.len() == 1 {
                    ("a release", run[0].to_string())
                } else {
                    ("releases", run.join(", "))
                };
                self.warn(&format_args!(
                    "{names}: {what} with no document between two that have some (a failed crawl?): the documents are reported removed, then added back; their changes across it are counted in `changes_while_absent` (documents.csv), not diffed"
                ));
            }
            run.clear();
        }
    }

    /// Warns of the problems of reading files, [`MAX_WARNINGS_PER_FILE`]
    /// distinct ones at most for one file, then one line for the rest of
    /// its (a feed of 50,000 lines, every other one not JSON, had printed
    /// 25,000 lines). A message said already is not counted again (one
    /// error of each slice of a Parquet file is one problem).
    pub(crate) fn warn_all(&self, problems: &[folio::Error]) {
        let mut seen: HashSet<String> = HashSet::new();
        let mut told: HashMap<&std::path::Path, usize> = HashMap::new();
        let mut order: Vec<&std::path::Path> = Vec::new();
        for p in problems {
            if !seen.insert(p.to_string()) {
                continue;
            }
            let Some(path) = p.path() else {
                self.warn(p);
                continue;
            };
            let n = told.entry(path).or_insert_with(|| {
                order.push(path);
                0
            });
            *n += 1;
            if *n <= MAX_WARNINGS_PER_FILE {
                self.warn(p);
            }
        }
        for path in order {
            let n = told[path];
            if n > MAX_WARNINGS_PER_FILE {
                self.warn(&format_args!(
                    "{}: {} more problems of this file, not shown (of {n} in all)",
                    path.display(),
                    n - MAX_WARNINGS_PER_FILE
                ));
            }
        }
    }

    /// Warns on stderr (not with `-q`), each message once: a file read in
    /// slices (Parquet) has one problem, not one a slice.
    fn warn(&self, err: &dyn std::fmt::Display) {
        static SAID: std::sync::Mutex<Option<std::collections::HashSet<String>>> =
            std::sync::Mutex::new(None);
        if self.quiet {
            return;
        }
        let message = folio::output::printable(&err.to_string()).into_owned();
        let mut said = SAID.lock().unwrap_or_else(|e| e.into_inner());
        if said
            .get_or_insert_with(Default::default)
            .insert(message.clone())
        {
            folio::say!("warning: {message}");
        }
    }
}

impl ChangeArgs {
    /// The comparison options (their ranges are checked by clap).
    fn compare_options(&self, corpus: &CorpusArgs) -> Result<CompareOptions> {
        let mut opts = CompareOptions {
            boilerplate: corpus.analyze_options().boilerplate,
            fields: corpus.fields(),
            min_change: self.min_change,
            rename_threshold: self.rename_threshold,
            stats: corpus.analyze_options().stats,
            texts_in_memory: self.texts_in_memory,
            ..CompareOptions::default()
        };
        opts.diff.max_work = self.max_work;
        opts.section = match &self.section {
            Some(p) => Some(folio::diff::SectionFilter::new(p).map_err(anyhow::Error::msg)?),
            None => None,
        };
        Ok(opts)
    }
}

/// Versions of one document as files, in the order given: each file is a
/// release (named by its file stem, or its path when stems repeat) holding
/// the one document, whose id is the name of the folder holding the files
/// when they share one, else the first file's stem.
fn file_versions(paths: &[PathBuf]) -> Result<Vec<(String, Vec<corpus::Source>)>> {
    for p in paths {
        if !corpus::is_document(p) {
            let what = if p.exists() {
                "a folder, not a file"
            } else {
                "no such file"
            };
            anyhow::bail!(
                "{}: {what} (versions of one document are given as files)",
                p.display()
            );
        }
        match corpus::kind(p) {
            // No extension (`LICENSE`, `<(…)`): plain text.
            None if corpus::plain_by_name(p) => {}
            None => anyhow::bail!(
                "{}: not a supported file (folio reads .txt, .md, .rst, .html)",
                p.display()
            ),
            Some(corpus::Kind::Jsonl | corpus::Kind::Csv | corpus::Kind::Parquet) => anyhow::bail!(
                "{}: holds records; for versions as records, name the field that tells them apart with --release-field",
                p.display()
            ),
            Some(_) => {}
        }
    }
    let parents: HashSet<Option<&std::path::Path>> = paths.iter().map(|p| p.parent()).collect();
    let stem = |p: &PathBuf| corpus::named_file_id(p);
    let id = match parents.iter().next() {
        Some(Some(parent)) if parents.len() == 1 && parent.file_name().is_some() => parent
            .file_name()
            .map(corpus::lossless_name)
            .unwrap_or_default(),
        _ => stem(&paths[0]),
    };
    // A file named again is that version again (`v1 v2 v1`: a revert),
    // its name marked by its turn (`v1 (2)`); names are the files' stems
    // when the distinct files' stems differ, else their paths.
    let real = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    let mut files: HashSet<PathBuf> = HashSet::new();
    let mut distinct_stems: HashSet<String> = HashSet::new();
    for p in paths {
        if files.insert(real(p)) && !distinct_stems.insert(stem(p)) {
            distinct_stems.clear();
            break;
        }
    }
    let unique = !distinct_stems.is_empty();
    let base_of = |path: &PathBuf| {
        if unique {
            stem(path)
        } else {
            corpus::slash_path(path)
        }
    };
    // A turn's mark never takes another file's name (`v1.txt` again
    // beside a file `v1 (2).txt`: two releases had been named alike).
    let mut taken: HashSet<String> = paths.iter().map(base_of).collect();
    let mut turns: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let base = base_of(path);
        let turn = turns.entry(base.clone()).or_insert(0);
        *turn += 1;
        let name = if *turn == 1 {
            base
        } else {
            let mut k = *turn;
            while taken.contains(&format!("{base} ({k})")) {
                k += 1;
            }
            let name = format!("{base} ({k})");
            taken.insert(name.clone());
            name
        };
        let source = corpus::Source {
            path: path.clone(),
            id: id.clone(),
            release: name.clone(),
            rows: None,
            named: true,
        };
        out.push((name, vec![source]));
    }
    Ok(out)
}

/// Release folders given one by one, named by their paths where their
/// names are alike (`crawl-4/site`, `crawl-5/site`: a history of `site`,
/// `site`, `site` had been refused as one release given thrice, and a
/// comparison labelled `site → site`). The same folder given twice stays
/// named alike.
fn distinct_release_names(
    paths: &[&std::path::Path],
    mut releases: Vec<(String, Vec<corpus::Source>)>,
) -> Vec<(String, Vec<corpus::Source>)> {
    let names: HashSet<&str> = releases.iter().map(|(n, _)| n.as_str()).collect();
    if names.len() == releases.len() {
        return releases;
    }
    let real: HashSet<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .collect();
    if real.len() < paths.len() {
        return releases;
    }
    for ((name, sources), path) in releases.iter_mut().zip(paths) {
        *name = corpus::slash_path(path);
        for s in sources.iter_mut() {
            s.release = name.clone();
        }
    }
    releases
}

/// The format a command writes when `--format` does not say: the table
/// `-o`'s extension names (`-o kw.csv` writes CSV, never the aligned text
/// into a `.csv`), or text for no extension or a text file's; any other
/// extension is refused, naming the formats (a `.parquet` or `.xlsx` of
/// plain text had been written, exit 0, and opened nowhere).
fn format_by_extension<F: Copy + PartialEq>(
    arg: Option<F>,
    output: Option<&std::path::Path>,
    tables: &[(&str, F)],
    text: F,
) -> Result<F> {
    const TEXT: &[&str] = &["txt", "text", "diff", "patch", "log", "out", "md"];
    let Some(path) = output else {
        return Ok(arg.unwrap_or(text));
    };
    if let Some(f) = arg {
        // An extension that says Parquet where the bytes are text, or a
        // text's where they are Parquet, names a file no reader opens
        // (between text formats `--format` decides: the user's choice).
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let parquet = tables
            .iter()
            .find(|(e, _)| *e == "parquet")
            .map(|&(_, g)| g);
        let known = ext
            .as_deref()
            .is_some_and(|e| TEXT.contains(&e) || tables.iter().any(|(t, _)| *t == e));
        if known && (ext.as_deref() == Some("parquet")) != (Some(f) == parquet) {
            anyhow::bail!(
                "{}: the extension and --format name different formats (one of them Parquet); name the file for its format",
                folio::output::printable(&path.display().to_string())
            );
        }
        return Ok(f);
    }
    let Some(ext) = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    else {
        return Ok(text);
    };
    if let Some(&(_, format)) = tables.iter().find(|(e, _)| *e == ext) {
        return Ok(format);
    }
    if TEXT.contains(&ext.as_str()) {
        return Ok(text);
    }
    let names: Vec<&str> = tables.iter().map(|(e, _)| *e).collect();
    anyhow::bail!(
        "{}: cannot write a .{ext} file; use -o with .txt (text) or .{}, or --format",
        folio::output::printable(&path.display().to_string()),
        names.join(" or .")
    )
}

fn release_sources(
    dir: &std::path::Path,
    args: &CorpusArgs,
) -> Result<(String, Vec<corpus::Source>)> {
    if !dir.exists() {
        anyhow::bail!("{}: no such file or folder", dir.display());
    }
    if !dir.is_dir() {
        anyhow::bail!(
            "{}: not a folder (a release is a folder of documents; versions as files are given all as files)",
            dir.display()
        );
    }
    let found = corpus::discover(std::slice::from_ref(&dir.to_path_buf()), args.flat()?);
    args.warn_release_problems(&found.problems)?;
    // `.`, `..`, `./` have no name of their own: their folder's (a
    // release given as `.` had been named `.`, its date lost).
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(dir)
                .ok()?
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| dir.display().to_string());
    let sources = found
        .sources
        .into_iter()
        .map(|mut s| {
            s.release = name.clone();
            s
        })
        .collect();
    Ok((name, sources))
}

/// Finds the documents of a corpus, printing one warning a problem found
/// (returned too); fails when there are none. Also returns the inputs'
/// names, for messages.
fn discover_corpus(
    inputs: &[PathBuf],
    args: &CorpusArgs,
) -> Result<(Vec<corpus::Source>, Vec<folio::Error>, String)> {
    let Discovery {
        mut sources,
        problems,
        mut notes,
    } = corpus::discover(inputs, args.series()?);
    // A file named twice (`corpus corpus/a.txt`, a folder given twice) is
    // one document, counted once.
    if inputs.len() > 1 {
        notes.extend(corpus::drop_repeated(
            &mut sources,
            |s| (s.release.as_str(), s.rows),
            |s| &s.path,
        ));
        // Each input's walk notes the same link.
        let mut seen = std::collections::HashSet::new();
        notes.retain(|n| seen.insert(n.clone()));
    }
    // Release folders without documents (an order file may name them).
    let order = args.series()?.order.unwrap_or_default();
    let empty: Vec<&str> = order
        .iter()
        .map(String::as_str)
        .filter(|o| {
            !sources.iter().any(|s| s.release == *o) && inputs.iter().any(|i| i.join(o).is_dir())
        })
        .collect();
    args.check_order_among(sources.iter().map(|s| s.release.as_str()), &empty)?;
    // Nothing named exists: that is the error, said once.
    if sources.is_empty() && inputs.iter().all(|p| p.symlink_metadata().is_err()) {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!("{}: no such file or folder", names.join(", "));
    }
    for n in &notes {
        args.note(n);
    }
    refuse_exhaustion(&problems)?;
    args.warn_all(&problems);
    let names = inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if sources.is_empty() {
        // (Or none left by `--exclude`: said, or the patterns are missed.)
        let excluded = if args.exclude.is_empty() {
            ""
        } else {
            ", or none that --exclude leaves"
        };
        anyhow::bail!(
            "{names}: no documents found{excluded} (folio reads .txt, .md, .rst, .html, .jsonl, .csv, .parquet)"
        );
    }
    Ok((sources, problems, names))
}

/// Reads every document of `sources` in parallel, removes its boilerplate
/// as `folio stats` does, and maps the document and its remaining text to
/// rows with `rows`; rows come in source order, each unreadable file or
/// record is warned about.
/// Also returns how many documents were read; fails when there were
/// sources and none could be read (as `stats` does: an empty table would
/// read as "nothing in them").
fn map_stripped<T: Send>(
    sources: &[corpus::Source],
    args: &CorpusArgs,
    names: &str,
    rows: impl Fn(&corpus::Document, &str) -> Vec<T> + Sync,
) -> Result<(Vec<T>, usize)> {
    let reader =
        folio::reader::Reader::open(sources, args.analyze_options().boilerplate, &args.fields());
    let out: Vec<(Vec<T>, usize)> = reader.map(|docs| {
        (
            docs.iter().flat_map(|d| rows(&d.doc, d.text())).collect(),
            docs.len(),
        )
    });
    let finished = reader.finish();
    refuse_exhaustion(&finished.problems)?;
    args.warn_all(&finished.problems);
    if let Some(w) = finished.boilerplate.structural_warning() {
        args.warn(&w);
    }
    let read: usize = out.iter().map(|(_, n)| n).sum();
    if read == 0 && !sources.is_empty() {
        anyhow::bail!("{names}: no document could be read");
    }
    Ok((out.into_iter().flat_map(|(rows, _)| rows).collect(), read))
}

/// The problems of one file told one by one (see `CorpusArgs::warn_all`).
pub(crate) const MAX_WARNINGS_PER_FILE: usize = 20;

/// Whether any of a release's files holds a document that can be read
/// (tried in order, up to the first that does): a release whose every
/// file fails — a failed crawl's one gzip'ed error page — is as empty as
/// one without files, and compared would make every document removed. A
/// file of records counts as read: it may be gigabytes, and its bad
/// records are skipped one by one; so does a stream (a FIFO), which can
/// be read only once.
pub(super) fn any_readable(sources: &[corpus::Source], args: &CorpusArgs) -> bool {
    why_unreadable(sources, args).is_none()
}

/// Why none of `sources` holds a document that can be read (the first
/// file's problem), or `None` when one does (see [`any_readable`]).
pub(super) fn why_unreadable(sources: &[corpus::Source], args: &CorpusArgs) -> Option<String> {
    use corpus::Kind;
    let fields = args.fields();
    let mut why = None;
    for s in sources {
        if matches!(
            corpus::kind(&s.path),
            Some(Kind::Jsonl | Kind::Csv | Kind::Parquet)
        ) || corpus::read_once(&s.path)
        {
            return None;
        }
        let (docs, errors) = corpus::load_documents(s, &fields);
        if !docs.is_empty() {
            return None;
        }
        why.get_or_insert_with(|| {
            errors
                .first()
                .map_or_else(|| "no text".to_string(), ToString::to_string)
        });
    }
    Some(why.unwrap_or_else(|| "no documents".to_string()))
}

/// Analyses the documents found by [`discover_corpus`] (`problems`: those of
/// discovery, listed first); fails when no document could be read.
fn analyze_sources(
    sources: &[corpus::Source],
    problems: Vec<folio::Error>,
    names: &str,
    args: &CorpusArgs,
    shard: Option<analyze::Shard>,
) -> Result<Analysis> {
    let total: u64 = sources
        .iter()
        .filter_map(|s| std::fs::metadata(&s.path).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress::bytes_bar(total, sources.len() as u64, args.quiet, "analysing");
    let opts = AnalyzeOptions {
        shard,
        ..args.analyze_options()
    };
    let mut analysis = analyze::analyze(sources, &opts, &|bytes| bar.inc(bytes));
    bar.finish_and_clear();
    refuse_exhaustion(&analysis.problems)?;
    args.warn_all(&analysis.problems);
    for w in analysis.boilerplate.warnings() {
        args.warn(&w);
    }
    analysis.problems.splice(0..0, problems);
    // A shard may hold no document of a small corpus: its part is empty.
    if analysis.rows.is_empty() && shard.is_none() {
        anyhow::bail!("{names}: no document could be read");
    }
    // A field named to keep that no document has (a typo, or files, which
    // have no fields): an all-null column, said.
    if let corpus::KeepFields::Named(kept) = &args.fields().keep {
        for name in kept {
            let held = analysis
                .rows
                .iter()
                .any(|r| r.kept.iter().any(|(k, v)| k == name && v.is_some()));
            if !held && shard.is_none() {
                args.warn(&format_args!(
                    "--keep-fields {name}: no document has this field (records of .jsonl, .csv, .parquet have fields; files none): its column is empty"
                ));
            }
        }
    }
    Ok(analysis)
}
