//! Turns input arguments into the list of files to read, with their display paths and ids.
//!
//! The walk happens up front, listing paths and sizes only, so that the reader knows the total
//! for a progress bar while still opening one file at a time. Directories are walked in sorted
//! order (by name within each directory) so that a run is deterministic; hidden entries are
//! skipped, symbolic links followed, and a directory already visited is not entered again.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Problem, Warning};

/// One file to read.
#[derive(Debug, Clone)]
pub(super) struct FileEntry {
    /// Where to open it; `None` for stdin.
    pub path: Option<PathBuf>,
    /// The path as shown in origins and warnings: the input argument joined with the path
    /// below it, or `-` for stdin.
    pub shown: String,
    /// Its id when the file is one document: the path relative to the input argument, with
    /// `/` separators, or its file name when it was named directly.
    pub id: String,
    /// Its size on disk (0 for stdin and for pipes).
    pub size: u64,
}

/// What the walk found: a file to read, or a problem to report in its turn.
#[derive(Debug)]
pub(super) enum Found {
    /// A file (or stdin) to read.
    File(FileEntry),
    /// A directory that could not be listed, or an input that could not be inspected.
    Problem(Warning),
}

impl Found {
    /// The on-disk size of what was found (0 for a problem).
    pub fn size(&self) -> u64 {
        match self {
            Found::File(file) => file.size,
            Found::Problem(_) => 0,
        }
    }
}

/// Appends what one input argument names to `out`.
///
/// Fails only when the argument does not exist; every other problem becomes a warning.
pub(super) fn find(input: &str, out: &mut VecDeque<Found>) -> Result<()> {
    if input == "-" {
        out.push_back(Found::File(FileEntry {
            path: None,
            shown: "-".to_string(),
            id: "-".to_string(),
            size: 0,
        }));
        return Ok(());
    }
    let root = Path::new(input);
    let meta = match fs::metadata(root) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(Error::io(root, err)),
        Err(err) => {
            out.push_back(Found::Problem(unreadable(input.to_string(), &err)));
            return Ok(());
        }
    };
    if !meta.is_dir() {
        let id = root
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| input.to_string());
        out.push_back(Found::File(FileEntry {
            path: Some(root.to_path_buf()),
            shown: input.to_string(),
            id,
            size: if meta.is_file() { meta.len() } else { 0 },
        }));
        return Ok(());
    }
    let mut visited = HashSet::new();
    walk_dir(root, &mut Vec::new(), &mut visited, out);
    Ok(())
}

/// Walks the directory `root/rel...`, appending its files in sorted order.
///
/// `rel` holds the names from `root` down to this directory; `visited` the canonical paths of
/// the directories entered so far, so that a symbolic link loop is entered only once.
fn walk_dir(
    root: &Path,
    rel: &mut Vec<String>,
    visited: &mut HashSet<PathBuf>,
    out: &mut VecDeque<Found>,
) {
    let dir = join(root, rel);
    if let Ok(canonical) = fs::canonicalize(&dir) {
        if !visited.insert(canonical) {
            return;
        }
    }
    let listing = match fs::read_dir(&dir) {
        Ok(listing) => listing,
        Err(err) => {
            out.push_back(Found::Problem(unreadable(shown(&dir), &err)));
            return;
        }
    };
    let mut names = Vec::new();
    for entry in listing {
        match entry {
            Ok(entry) => names.push(entry.file_name()),
            Err(err) => out.push_back(Found::Problem(unreadable(shown(&dir), &err))),
        }
    }
    names.sort();
    for name in names {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        rel.push(name);
        let path = join(root, rel);
        // `metadata` follows symbolic links: a link to a file is read, a link to a
        // directory walked.
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk_dir(root, rel, visited, out),
            Ok(meta) => out.push_back(Found::File(FileEntry {
                shown: shown(&path),
                id: rel.join("/"),
                size: if meta.is_file() { meta.len() } else { 0 },
                path: Some(path),
            })),
            Err(err) => out.push_back(Found::Problem(unreadable(shown(&path), &err))),
        }
        rel.pop();
    }
}

fn join(root: &Path, rel: &[String]) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(rel);
    path
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn unreadable(place: String, err: &io::Error) -> Warning {
    Warning {
        place,
        problem: Problem::Unreadable,
        reason: format!("cannot read: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(input: &str) -> Vec<FileEntry> {
        let mut out = VecDeque::new();
        find(input, &mut out).expect("input exists");
        out.into_iter()
            .map(|found| match found {
                Found::File(file) => file,
                Found::Problem(warning) => panic!("unexpected warning {warning}"),
            })
            .collect()
    }

    #[test]
    fn walks_sorted_skips_hidden_and_ids_are_relative() {
        let dir = tempfile::tempdir().expect("tempdir");
        let seeds = dir.path().join("seeds");
        fs::create_dir_all(seeds.join("a")).expect("mkdir");
        fs::create_dir_all(seeds.join(".git")).expect("mkdir");
        fs::write(seeds.join("a/b.txt"), "b").expect("write");
        fs::write(seeds.join("a/a.txt"), "a").expect("write");
        fs::write(seeds.join("z.txt"), "z").expect("write");
        fs::write(seeds.join("m.txt"), "m").expect("write");
        fs::write(seeds.join(".hidden.txt"), "h").expect("write");
        fs::write(seeds.join(".git/config"), "c").expect("write");
        let input = format!("{}/", seeds.display());
        let found = files(&input);
        let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["a/a.txt", "a/b.txt", "m.txt", "z.txt"]);
        assert_eq!(found[1].shown, format!("{}/a/b.txt", seeds.display()));
        assert_eq!(found[1].size, 1);
    }

    #[test]
    fn a_file_named_directly_has_its_file_name_as_id() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("000_f99236a16d69789a.txt");
        fs::write(&path, "text").expect("write");
        let input = path.to_string_lossy().into_owned();
        let found = files(&input);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, "000_f99236a16d69789a.txt");
        assert_eq!(found[0].shown, input);
    }

    #[test]
    fn stdin_is_a_dash() {
        let found = files("-");
        assert_eq!(found[0].shown, "-");
        assert!(found[0].path.is_none());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_entered_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("a.txt"), "a").expect("write");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("symlink");
        let found = files(&dir.path().to_string_lossy());
        let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["a.txt"]);
    }
}
