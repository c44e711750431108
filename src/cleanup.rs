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
fn remove(path: &Path) {
    for _ in 0..5 {
        let gone = match path.symlink_metadata() {
            Err(_) => true,
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).is_ok(),
            Ok(_) => std::fs::remove_file(path).is_ok(),
        };
        if gone {
            return;
        }
    }
}

/// Removes every registered path: for a signal handler, just before the
/// program exits. Workers may still be writing into a staging folder (and
/// make its subfolders again), and the run may be registering one, so
/// removal goes on, over the paths registered at each round, until every
/// path has stayed gone for a few checks in a row, for at most about two
/// seconds.
pub fn remove_all() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
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

/// The process id in the name of a temporary entry of folio's
/// (`.folio-staging-1234`, `.folio-diffs-1234`, `.folio-old-1234`,
/// `.folio-1234-abc.tmp`), if it is one.
pub(crate) fn debris_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".folio-")?;
    let rest = ["staging-", "diffs-", "old-diffs-", "old-"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .unwrap_or(rest);
    let digits: &str = rest.split(['-', '.']).next()?;
    if rest.len() == digits.len() || name.ends_with(".tmp") {
        digits.parse().ok()
    } else {
        None
    }
}

/// Whether an entry is a temporary entry of a folio run that has ended.
pub(crate) fn is_dead_debris(name: &str) -> bool {
    debris_pid(name).is_some_and(|pid| pid != std::process::id() && !process_alive(pid))
}

/// Removes the debris of dead runs from a folder.
pub(crate) fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_str().is_some_and(is_dead_debris) {
            remove(&e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debris_names() {
        assert_eq!(debris_pid(".folio-staging-1234"), Some(1234));
        assert_eq!(debris_pid(".folio-diffs-77"), Some(77));
        assert_eq!(debris_pid(".folio-old-diffs-77"), Some(77));
        assert_eq!(debris_pid(".folio-old-5"), Some(5));
        assert_eq!(debris_pid(".folio-99-Ab3x.tmp"), Some(99));
        assert_eq!(debris_pid(".folio-manifest"), None);
        assert_eq!(debris_pid(".folio-lock"), None);
        assert_eq!(debris_pid("notes.md"), None);
        assert!(!is_dead_debris(&format!(
            ".folio-staging-{}",
            std::process::id()
        )));
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
