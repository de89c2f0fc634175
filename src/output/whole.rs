//! Output files that are whole or absent: written under a temporary name beside the
//! destination and renamed onto it only when complete.
//!
//! A run that fails (a full disk, a write error) or is stopped removes its temporary file and
//! leaves the destination as it was; a reader of the destination never sees half a file.
//! Only a process killed outright leaves its temporary file (`.NAME.PID.part`) behind.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file being written, renamed onto its destination by [`WholeFile::commit`].
#[derive(Debug)]
pub struct WholeFile {
    dest: PathBuf,
    temp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl WholeFile {
    /// Starts writing `dest` (its directory made when missing).
    pub fn create(dest: &Path) -> Result<WholeFile> {
        let dir = dest.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let name = dest.file_name().unwrap_or_default().to_string_lossy();
        let temp_name = format!(".{name}.{}.part", std::process::id());
        let temp = match dir {
            Some(dir) => dir.join(temp_name),
            None => PathBuf::from(temp_name),
        };
        let file = File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        Ok(WholeFile {
            dest: dest.to_owned(),
            temp,
            out: Some(BufWriter::with_capacity(1 << 20, file)),
        })
    }

    /// The destination.
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Writes out what is buffered and renames the file onto its destination.
    pub fn commit(mut self) -> Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let done = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.sync_data())
            .and_then(|()| std::fs::rename(&self.temp, &self.dest));
        if let Err(e) = done {
            let _ = std::fs::remove_file(&self.temp);
            return Err(Error::io(&self.dest, e));
        }
        Ok(())
    }
}

impl Write for WholeFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.out {
            Some(out) => out.write(buf),
            None => Err(io::Error::other("written after commit")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for WholeFile {
    fn drop(&mut self) {
        // Not committed: the run failed or stopped, and the destination keeps what it held.
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Where a command writes a stream of lines: standard output (`-`), or a file written whole.
#[derive(Debug)]
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A file, renamed onto its destination when complete.
    File(WholeFile),
}

impl Sink {
    /// Standard output for `-`, else a [`WholeFile`] at `dest`.
    pub fn create(dest: &Path) -> Result<Sink> {
        Ok(match dest == Path::new("-") {
            true => Sink::Stdout(BufWriter::with_capacity(1 << 20, io::stdout())),
            false => Sink::File(WholeFile::create(dest)?),
        })
    }

    /// Flushes standard output, or puts the file in place.
    pub fn commit(self) -> Result<()> {
        match self {
            Sink::Stdout(mut out) => out.flush().map_err(|e| Error::io("-", e)),
            Sink::File(file) => file.commit(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(file) => file.flush(),
        }
    }
}

/// Writes `bytes` to `dest` whole, or leaves it as it was.
pub fn write_whole(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = WholeFile::create(dest)?;
    file.write_all(bytes).map_err(|e| Error::io(dest, e))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_file_replaces_its_destination() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.jsonl");
        std::fs::write(&dest, "old\n").unwrap();
        let mut f = WholeFile::create(&dest).unwrap();
        f.write_all(b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old\n");
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new\n");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left");
    }

    #[test]
    fn a_file_dropped_unfinished_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("sub/out.jsonl");
        let mut f = WholeFile::create(&dest).unwrap();
        f.write_all(b"half a li").unwrap();
        drop(f);
        assert!(!dest.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert!(left.is_empty(), "the temporary file is removed");
    }
}
