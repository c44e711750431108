//! Temporary files and staging folders of a run, removed however the run
//! ends: dropped on success or failure, or swept by [`remove_all`] when the
//! program is interrupted (the `folio` program calls it on SIGINT, SIGTERM
//! and SIGHUP before it exits).
//!
//! Names of temporary entries carry the process id (`.folio-staging-1234`,
//! `.folio-1234-x1y2.tmp`), so that a later run can tell the debris of a
//! dead run from the work of a live one (`is_dead_debris`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static REGISTERED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Old entries moved aside for new ones, with where they go back: an
/// interruption between the two moves puts the old one back first.
static ASIDE: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());

/// An old entry moved aside (`aside`) while its new version takes its
/// place (`target`): until dropped, an interrupted run moves it back
/// where the new version has not arrived, rather than remove both.
#[derive(Debug)]
pub(crate) struct Aside {
    pair: (PathBuf, PathBuf),
}

impl Aside {
    pub fn new(aside: PathBuf, target: PathBuf) -> Aside {
        let pair = (aside, target);
        ASIDE
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(pair.clone());
        Aside { pair }
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        let mut pairs = ASIDE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = pairs.iter().rposition(|p| *p == self.pair) {
            pairs.swap_remove(i);
        }
    }
}

/// Moves back every old entry whose new version did not arrive.
fn restore_asides() {
    let pairs = ASIDE.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for (aside, target) in pairs {
        if target.symlink_metadata().is_err() && aside.symlink_metadata().is_ok() {
            let _ = std::fs::rename(&aside, &target);
        }
    }
}

/// Held while an output folder's new entries are renamed into place: a
/// signal's handler waits for it (see [`publishing`]).
static PUBLISHING: Mutex<()> = Mutex::new(());

/// Marks the renames that publish an output (see `OutDir::publish`): until
/// the guard is dropped, [`remove_all`] waits, so a signal among them
/// leaves the new output whole rather than a mix of old and new entries,
/// and does not remove the staging folder the renames take from.
pub(crate) fn publishing() -> std::sync::MutexGuard<'static, ()> {
    PUBLISHING.lock().unwrap_or_else(|e| e.into_inner())
}

/// The signal that interrupted the run (0: none yet).
static SIGNAL: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// Records the signal that interrupts the run, before [`remove_all`]: a
/// run that ends while the handler waits for its renames exits as
/// interrupted all the same.
pub fn signalled_by(signal: i32) {
    SIGNAL.store(signal, std::sync::atomic::Ordering::SeqCst);
}

/// The signal that interrupted the run, if one did.
pub fn signal() -> Option<i32> {
    Some(SIGNAL.load(std::sync::atomic::Ordering::SeqCst)).filter(|&s| s != 0)
}

/// Set once the run is interrupted: no file or folder is written after it.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the run was interrupted ([`remove_all`] began): writers stop
/// rather than make again the folders being removed.
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// A temporary file or folder of this run: removed when the guard is
/// dropped (unless [`Guard::disarm`]ed), or by [`remove_all`].
#[derive(Debug)]
pub(crate) struct Guard {
    path: Option<PathBuf>,
}

impl Guard {
    /// Registers `path` (which need not exist yet).
    pub fn new(path: PathBuf) -> Guard {
        lock().push(path.clone());
        Guard { path: Some(path) }
    }

    /// The path guarded.
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Keeps the path (it was published, or renamed away): it is no longer
    /// removed.
    pub(crate) fn disarm(mut self) {
        if let Some(p) = self.path.take() {
            unregister(&p);
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(p) = self.path.take() {
            remove(&p);
            unregister(&p);
        }
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    REGISTERED.lock().unwrap_or_else(|e| e.into_inner())
}

fn unregister(path: &Path) {
    let mut paths = lock();
    if let Some(i) = paths.iter().rposition(|p| p == path) {
        paths.swap_remove(i);
    }
}

/// Removes a file or a folder with everything in it; workers may still be
/// writing into a folder, so removal is retried a few times.
pub(crate) fn remove(path: &Path) {
    for _ in 0..5 {
        let gone = match path.symlink_metadata() {
            Err(_) => true,
            Ok(m) if m.is_dir() => remove_folder(path),
            Ok(_) => std::fs::remove_file(path).is_ok(),
        };
        if gone {
            return;
        }
    }
}

/// Removes a folder with everything in it, folio's [`RUN_MARK`] last: a
/// removal cut short (no file handle left to open a subfolder with, the
/// process killed) leaves the mark, by which a later run knows the rest
/// for debris and removes it (a staging folder left without it had stayed
/// for good).
fn remove_folder(path: &Path) -> bool {
    if !is_marked(path) {
        return std::fs::remove_dir_all(path).is_ok();
    }
    // The entries listed first, then removed; the mark only once nothing
    // else is left (a writer still at work makes entries again).
    let others = |path: &Path| -> Option<Vec<std::fs::DirEntry>> {
        let entries: std::io::Result<Vec<_>> = std::fs::read_dir(path).ok()?.collect();
        let mut entries = entries.ok()?;
        entries.retain(|e| e.file_name() != RUN_MARK);
        Some(entries)
    };
    let Some(entries) = others(path) else {
        return false;
    };
    for e in entries {
        let p = e.path();
        let _ = match e.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&p),
            _ => std::fs::remove_file(&p),
        };
    }
    others(path).is_some_and(|rest| rest.is_empty())
        && std::fs::remove_file(path.join(RUN_MARK)).is_ok()
        && std::fs::remove_dir(path).is_ok()
}

/// Removes every registered path: for a signal handler, just before the
/// program exits. Workers may still be writing into a staging folder (and
/// make its subfolders again), and the run may be registering one, so
/// removal goes on, over the paths registered at each round, until every
/// path has stayed gone for a few checks in a row, for at most about two
/// seconds.
pub fn remove_all() {
    // Renames under way end first; none begins after (the lock is kept
    // until the program exits).
    std::mem::forget(publishing());
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    restore_asides();
    let mut gone_in_a_row = 0;
    for _ in 0..400 {
        // Read again each round: a staging folder registered just as the
        // signal came (after the flag was read) is removed too.
        let paths: Vec<PathBuf> = lock().clone();
        for p in paths.iter().rev() {
            remove(p);
        }
        if paths.iter().all(|p| p.symlink_metadata().is_err()) {
            gone_in_a_row += 1;
            if gone_in_a_row == 3 {
                return;
            }
        } else {
            gone_in_a_row = 0;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Whether a process with this id is running (on systems without a way to
/// tell, every process is taken to be running).
pub(crate) fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 checks only that the process exists: EPERM means it
        // does, as another user's.
        // SAFETY: kill with signal 0 sends nothing and touches no memory.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// The process id in the name of a temporary entry of folio's, if it is
/// one: a folder `.folio-staging-1234` or `.folio-old-1234`, or a file
/// `.folio-1234-Ab3xYz.folio-tmp` (six letters or digits, as the temporary
/// file's name is made). A name of the user's that merely starts so
/// (`.folio-2024/`, `.folio-77-draft.tmp`, `.folio-2023-backup.tmp`) is
/// none; and a folder is swept only with folio's [`RUN_MARK`] in it.
pub(crate) fn debris_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".folio-")?;
    if let Some(tmp) = rest.strip_suffix(TMP_SUFFIX) {
        let (pid, random) = tmp.split_once('-')?;
        let random_ok =
            random.len() == TMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric());
        return (random_ok && all_digits(pid))
            .then(|| pid.parse().ok())
            .flatten();
    }
    let pid = ["staging-", "old-"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))?;
    // `-<k>` after the process id: a folder made beside one of the user's
    // that has folio's name (see [`fresh_folder`]).
    let pid = match pid.split_once('-') {
        Some((pid, k)) if all_digits(k) => pid,
        _ => pid,
    };
    all_digits(pid).then(|| pid.parse().ok()).flatten()
}

/// The path of a new folder of this run's own in `dir`, named
/// `.folio-<kind>-<pid>`, or `.folio-<kind>-<pid>-<k>` where an entry of
/// that name is there already: a folder of the user's named like one of
/// folio's (`.folio-old-2023/`, an archived report, met by a run whose
/// process id is 2023 — in a container ids are small and the same on
/// every run) is never written into nor removed. With `reuse_debris`, a
/// folder of that name holding folio's [`RUN_MARK`] (left by a killed run
/// that had this process id; the caller holds the folder's lock) is
/// removed and its name taken.
pub(crate) fn fresh_folder(dir: &Path, kind: &str, reuse_debris: bool) -> PathBuf {
    let pid = std::process::id();
    for k in 0u32.. {
        let name = match k {
            0 => format!(".folio-{kind}-{pid}"),
            k => format!(".folio-{kind}-{pid}-{k}"),
        };
        let path = dir.join(name);
        match path.symlink_metadata() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return path,
            Ok(m) if reuse_debris && m.is_dir() && is_marked(&path) => {
                remove(&path);
                if path.symlink_metadata().is_err() {
                    return path;
                }
            }
            _ => {}
        }
    }
    unreachable!("a name is found before u32 runs out")
}

/// The end of a temporary file's name: folio's own, which no user's file
/// named like a backup (`.folio-2023-backup.tmp`) has.
pub(crate) const TMP_SUFFIX: &str = ".folio-tmp";

/// The file folio makes in each folder of its own (a staging folder, a
/// folder of old entries moved aside): only a folder holding it is ever
/// swept as debris or has its entries moved back, so no folder of the
/// user's named like one (`.folio-old-2023/`, an archived report) is
/// touched. It is never published.
pub(crate) const RUN_MARK: &str = ".folio-run";

/// Makes a folder of folio's own, marked as such (see [`RUN_MARK`]).
pub(crate) fn make_marked_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir(dir)?;
    // (Unmarked, it would be no run's to remove: taken away at once.)
    std::fs::write(dir.join(RUN_MARK), "a temporary folder of folio's\n").inspect_err(|_| {
        let _ = std::fs::remove_dir(dir);
    })
}

/// Whether a folder holds folio's [`RUN_MARK`].
pub(crate) fn is_marked(dir: &Path) -> bool {
    dir.join(RUN_MARK)
        .symlink_metadata()
        .is_ok_and(|m| m.is_file())
}

/// The random letters and digits in a temporary file's name.
pub(crate) const TMP_RANDOM: usize = 6;

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether an entry is a temporary entry of a folio run that has ended.
/// A file: no run holds its lock (a run, here or in another container or
/// machine sharing the folder, holds one on each file it writes), and its
/// process is not running here or the file is older than [`STALE`] — in a
/// container every run has the same small process id, which some other
/// process always has outside it, and its debris had never been removed;
/// the age covers the moment between a file's making and its lock. A
/// folder: its process is not running here, and it holds folio's
/// [`RUN_MARK`]. With `locked` (the caller
/// holds the output folder's lock, so no other run stages in it), any
/// entry but this process's own. An entry whose lock cannot be tried is
/// kept: better debris than another run's work lost.
pub(crate) fn is_dead_debris(path: &Path, locked: bool) -> bool {
    let Some(pid) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(debris_pid)
    else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    let gone = locked || !process_alive(pid);
    match path.symlink_metadata() {
        Ok(m) if m.is_file() => {
            let stale = m
                .modified()
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= STALE);
            (gone || stale) && std::fs::File::open(path).is_ok_and(|f| f.try_lock().is_ok())
        }
        Ok(m) => m.is_dir() && gone && is_marked(path),
        Err(_) => false,
    }
}

/// A temporary file unlocked for this long is debris whatever its process
/// id says (see [`is_dead_debris`]).
pub(crate) const STALE: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes the debris of dead runs from a folder: temporary files, and,
/// with `folders` (an output folder, under its lock: no live run stages
/// in it, so no process id is asked), staging folders with everything in
/// them. Nothing else, and never through a link.
pub(crate) fn sweep(dir: &Path, folders: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let Ok(kind) = e.file_type() else { continue };
        if (kind.is_file() || (folders && kind.is_dir())) && is_dead_debris(&path, folders) {
            remove(&path);
        }
    }
}

/// Takes the lock of a temporary file being written, which tells a run
/// elsewhere (another container or machine sharing the folder, where its
/// process id means nothing) that the file is not debris.
pub(crate) fn hold(file: &std::fs::File) {
    let _ = file.try_lock();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris_names() {
        assert_eq!(debris_pid(".folio-staging-1234"), Some(1234));
        assert_eq!(debris_pid(".folio-old-5"), Some(5));
        assert_eq!(debris_pid(".folio-99-Ab3xYz.folio-tmp"), Some(99));
        assert_eq!(debris_pid(".folio-manifest"), None);
        assert_eq!(debris_pid(".folio-lock"), None);
        assert_eq!(debris_pid("notes.md"), None);
        // A user's names that only start as folio's do.
        assert_eq!(debris_pid(".folio-2024"), None);
        assert_eq!(debris_pid(".folio-77-draft.tmp"), None);
        // Nor any `.tmp` (earlier versions' ending): a user's backup can
        // be named so with capitals and digits (`.folio-2024-March1.tmp`).
        for user in [
            ".folio-2023-backup.tmp",
            ".folio-2023-Backup.tmp",
            ".folio-2024-March1.tmp",
        ] {
            assert_eq!(debris_pid(user), None, "{user}");
        }
        assert_eq!(debris_pid(".folio-diffs-2022"), None);
        assert_eq!(debris_pid(".folio-staging-12x"), None);
        assert_eq!(debris_pid(".folio-staging-12-3"), Some(12));
        assert_eq!(debris_pid(".folio-old-12-3"), Some(12));
        assert_eq!(debris_pid(".folio-old-12-x"), None);
        assert_eq!(debris_pid(".folio-old-12-"), None);
        assert!(!is_dead_debris(
            Path::new(&format!(".folio-staging-{}", std::process::id())),
            true
        ));
    }

    /// A temporary file whose run holds its lock is kept, whatever its
    /// process id says (a run in another container, or on another
    /// machine); a user's look-alike names are never swept.
    #[test]
    fn a_locked_temporary_file_is_not_debris() {
        let dir = tempfile::tempdir().unwrap();
        // A process id that no process has (above the largest Linux allows).
        let name = ".folio-4194999-Ab3xYz.folio-tmp";
        let live = std::fs::File::create(dir.path().join(name)).unwrap();
        hold(&live);
        std::fs::create_dir(dir.path().join(".folio-2024")).unwrap();
        std::fs::write(dir.path().join(".folio-2024/notes.txt"), "x").unwrap();
        make_marked_folder(&dir.path().join(".folio-staging-4194999")).unwrap();
        // A user's folder named as folio's, without its mark.
        std::fs::create_dir(dir.path().join(".folio-old-2023")).unwrap();
        std::fs::write(dir.path().join(".folio-old-2023/summary.txt"), "x").unwrap();
        sweep(dir.path(), false);
        assert!(dir.path().join(name).exists());
        assert!(dir.path().join(".folio-2024/notes.txt").exists());
        assert!(dir.path().join(".folio-staging-4194999").exists());
        drop(live);
        sweep(dir.path(), true);
        assert!(!dir.path().join(name).exists());
        assert!(!dir.path().join(".folio-staging-4194999").exists());
        assert!(dir.path().join(".folio-2024/notes.txt").exists());
        assert!(dir.path().join(".folio-old-2023/summary.txt").exists());
    }

    /// Debris named with the process id of a live process that is not its
    /// run (a container's runs all have a small id that some process has
    /// outside it): under the output folder's lock, and once old, it goes.
    #[test]
    fn debris_of_a_live_process_id_goes_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        // Process 1 is always running, and is never a folio run.
        make_marked_folder(&dir.path().join(".folio-staging-1")).unwrap();
        let file = dir.path().join(".folio-1-Ab3xYz.folio-tmp");
        std::fs::write(&file, "x").unwrap();
        sweep(dir.path(), false);
        assert!(dir.path().join(".folio-staging-1").exists());
        // Young and unlocked: it may be a file just made, kept.
        assert!(file.exists());
        let old = std::time::SystemTime::now() - STALE - std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(old)
            .unwrap();
        sweep(dir.path(), false);
        assert!(!file.exists());
        sweep(dir.path(), true);
        assert!(!dir.path().join(".folio-staging-1").exists());
    }

    #[test]
    fn guard_removes_unless_disarmed() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir_all(a.join("x")).unwrap();
        drop(Guard::new(a.clone()));
        assert!(!a.exists());
        let b = dir.path().join("b");
        std::fs::write(&b, "x").unwrap();
        Guard::new(b.clone()).disarm();
        assert!(b.exists());
    }
}
