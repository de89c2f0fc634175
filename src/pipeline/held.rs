//! What a run holds on disk instead of in memory: each document's text, and (for the stories
//! path) its profile, written to a temporary file as the documents are read and read back
//! only for the documents a later step needs.
//!
//! A run's memory then holds offsets, not texts: on allsides the texts are 220 MB and the
//! profiles 310 MB, against 40 MB of everything else a document keeps. The file is created in
//! the temporary directory and unlinked at once where the system allows it (Unix), so nothing
//! is left behind however the run ends; elsewhere it is removed when the last holder goes. A
//! thread of its own writes it, so the run's serial step only hands each record over; reads
//! come from any thread, without a lock on Unix (a read at an offset).

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use std::borrow::Cow;

use crate::analyze::profile::Profile;
use crate::error::{Error, Result};
use crate::model::DocIndex;
use crate::relate::engine::SetAside;

/// The file's name while it has one: removed when the last holder goes.
struct Name {
    path: PathBuf,
    /// Whether the file still has a name to remove.
    named: bool,
}

impl Drop for Name {
    fn drop(&mut self) {
        if self.named {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Where one document's record is: its offset, and the lengths of its head (the bytes the
/// caller put before the text, such as an encoded profile) and of its text.
#[derive(Debug, Clone, Copy)]
struct At {
    offset: u64,
    head: u32,
    text: u32,
}

/// Records written in document order, each found again by its place.
pub(crate) struct HeldWriter {
    name: Name,
    send: Option<SyncSender<(Vec<u8>, String)>>,
    writer: Option<JoinHandle<std::io::Result<File>>>,
    at: Vec<At>,
    end: u64,
}

/// Records in flight to the writer thread, at most.
const IN_FLIGHT: usize = 256;

/// A finished file of records, read from any thread.
pub(crate) struct Held {
    name: Name,
    file: Reading,
    at: Vec<At>,
}

/// The file as reads take it: at an offset on Unix, behind a lock elsewhere.
#[cfg(unix)]
type Reading = File;
#[cfg(not(unix))]
type Reading = std::sync::Mutex<File>;

impl HeldWriter {
    /// A new, empty file in the temporary directory.
    pub(crate) fn create() -> Result<HeldWriter> {
        let dir = std::env::temp_dir();
        let mut n = 0u32;
        let (path, file) = loop {
            let path = dir.join(format!("retold-{}-{n}.held", std::process::id()));
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => break (path, file),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(Error::io(&path, e)),
            }
        };
        // An open file outlives its name on Unix; elsewhere the removal fails and waits.
        let named = !(cfg!(unix) && std::fs::remove_file(&path).is_ok());
        let (send, receive) = sync_channel::<(Vec<u8>, String)>(IN_FLIGHT);
        let writer = std::thread::spawn(move || {
            let mut out = BufWriter::with_capacity(1 << 20, file);
            for (head, text) in receive {
                out.write_all(&head)?;
                out.write_all(text.as_bytes())?;
            }
            out.into_inner().map_err(|e| e.into_error())
        });
        Ok(HeldWriter {
            name: Name { path, named },
            send: Some(send),
            writer: Some(writer),
            at: Vec::new(),
            end: 0,
        })
    }

    /// Appends the next document's record (document `at.len()` of the run): `head` (up to
    /// 4 GiB), then its text (a text past 4 GiB keeps its first 4 GiB).
    pub(crate) fn push(&mut self, head: Vec<u8>, mut text: String) {
        let mut len = text.len().min(u32::MAX as usize);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        text.truncate(len);
        let head_len = u32::try_from(head.len()).unwrap_or(u32::MAX);
        let at = At {
            offset: self.end,
            head: head_len,
            text: text.len() as u32,
        };
        self.at.push(at);
        self.end += u64::from(at.head) + u64::from(at.text);
        // A writer that stopped has an error, which `finish` reports.
        if let Some(send) = &self.send {
            if send.send((head, text)).is_err() {
                self.send = None;
            }
        }
    }

    /// Waits for the writes and opens the file for reading.
    pub(crate) fn finish(mut self) -> Result<Held> {
        drop(self.send.take());
        let file = match self.writer.take().map(JoinHandle::join) {
            Some(Ok(Ok(file))) => file,
            Some(Ok(Err(e))) => return Err(Error::io(&self.name.path, e)),
            _ => {
                let e = std::io::Error::other("the writer of held texts stopped");
                return Err(Error::io(&self.name.path, e));
            }
        };
        let HeldWriter { name, at, .. } = self;
        #[cfg(not(unix))]
        let file = std::sync::Mutex::new(file);
        Ok(Held { name, file, at })
    }
}

impl Held {
    /// Document `d`'s text (empty for a document the file never had).
    pub(crate) fn text(&self, d: DocIndex) -> Result<String> {
        let Some(at) = self.at.get(d as usize) else {
            return Ok(String::new());
        };
        let bytes = self.read(at.offset + u64::from(at.head), at.text)?;
        // Written from whole `str`s.
        Ok(match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// Document `d`'s head, as pushed (empty for a document the file never had).
    pub(crate) fn head(&self, d: DocIndex) -> Result<Vec<u8>> {
        match self.at.get(d as usize) {
            Some(at) => self.read(at.offset, at.head),
            None => Ok(Vec::new()),
        }
    }

    fn read(&self, offset: u64, len: u32) -> Result<Vec<u8>> {
        let mut bytes = vec![0; len as usize];
        #[cfg(unix)]
        let read = std::os::unix::fs::FileExt::read_exact_at(&self.file, &mut bytes, offset);
        #[cfg(not(unix))]
        let read = {
            use std::io::{Read, Seek, SeekFrom};
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| file.read_exact(&mut bytes))
        };
        read.map_err(|e| Error::io(&self.name.path, e))?;
        Ok(bytes)
    }
}

/// A corpus pass reads the held texts, and the heads as the profiles the stories path put
/// there ([`Profile::to_bytes`]).
impl SetAside for Held {
    fn profile(&self, d: DocIndex) -> Result<Cow<'_, Profile>> {
        let bytes = self.head(d)?;
        match Profile::from_bytes(&bytes) {
            Some(profile) => Ok(Cow::Owned(profile)),
            None => Err(Error::Format {
                what: format!("{}: the profile of document {d}", self.name.path.display()),
                expected: "a profile as this run wrote it".into(),
                got: format!("{} bytes that do not read as one", bytes.len()),
            }),
        }
    }

    fn text(&self, d: DocIndex) -> Result<Cow<'_, str>> {
        Held::text(self, d).map(Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_by_index_and_leave_nothing_behind() {
        let mut held = HeldWriter::create().unwrap();
        let path = held.name.path.clone();
        held.push(b"one".to_vec(), "first text".to_string());
        held.push(Vec::new(), String::new());
        held.push(vec![0, 255, 7], "третий текст".to_string());
        let held = held.finish().unwrap();
        assert_eq!(held.text(2).unwrap(), "третий текст");
        assert_eq!(held.head(2).unwrap(), [0, 255, 7]);
        assert_eq!(held.text(0).unwrap(), "first text");
        assert_eq!(held.head(0).unwrap(), b"one");
        assert_eq!(held.text(1).unwrap(), "");
        assert_eq!(held.text(9).unwrap(), "");
        assert!(held.head(9).unwrap().is_empty());
        drop(held);
        assert!(!path.exists());
    }
}
