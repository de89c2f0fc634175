//! The texts of a dedup run set aside in a temporary file as they are read, and read back
//! only for the documents the derivation pass aligns: memory holds offsets, not texts.
//!
//! The file is created in the temporary directory and unlinked at once where the system
//! allows it (Unix), so nothing is left behind however the run ends; elsewhere it is removed
//! when the spool is dropped. A thread of its own writes it, so the run's serial step only
//! hands each text over.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Mutex;
use std::thread::JoinHandle;

use crate::error::{Error, Result};
use crate::model::DocIndex;

/// The spool file's name while it has one: removed when the last holder goes.
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

/// Texts written in document order, each found again by its offset and length.
pub(super) struct TextSpool {
    name: Name,
    send: Option<SyncSender<String>>,
    writer: Option<JoinHandle<std::io::Result<File>>>,
    at: Vec<(u64, u32)>,
    end: u64,
}

/// Texts in flight to the writer thread, at most.
const IN_FLIGHT: usize = 256;

/// A finished spool, read from any thread.
pub(super) struct SpooledTexts {
    name: Name,
    file: Mutex<File>,
    at: Vec<(u64, u32)>,
}

impl TextSpool {
    /// A new, empty spool in the temporary directory.
    pub(super) fn create() -> Result<TextSpool> {
        let dir = std::env::temp_dir();
        let mut n = 0u32;
        let (path, file) = loop {
            let path = dir.join(format!("retold-{}-{n}.texts", std::process::id()));
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
        let (send, receive) = sync_channel::<String>(IN_FLIGHT);
        let writer = std::thread::spawn(move || {
            let mut out = BufWriter::with_capacity(1 << 20, file);
            for text in receive {
                out.write_all(text.as_bytes())?;
            }
            out.into_inner().map_err(|e| e.into_error())
        });
        Ok(TextSpool {
            name: Name { path, named },
            send: Some(send),
            writer: Some(writer),
            at: Vec::new(),
            end: 0,
        })
    }

    /// Appends the next document's text (document `at.len()` of the run). A text past
    /// 4 GiB keeps its first 4 GiB.
    pub(super) fn push(&mut self, mut text: String) {
        let mut len = text.len().min(u32::MAX as usize);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        text.truncate(len);
        let len = text.len() as u32;
        self.at.push((self.end, len));
        self.end += u64::from(len);
        // A writer that stopped has an error, which `finish` reports.
        if let Some(send) = &self.send {
            if send.send(text).is_err() {
                self.send = None;
            }
        }
    }

    /// Waits for the writes and opens the spool for reading.
    pub(super) fn finish(mut self) -> Result<SpooledTexts> {
        drop(self.send.take());
        let file = match self.writer.take().map(JoinHandle::join) {
            Some(Ok(Ok(file))) => file,
            Some(Ok(Err(e))) => return Err(Error::io(&self.name.path, e)),
            _ => {
                let e = std::io::Error::other("the spool's writer stopped");
                return Err(Error::io(&self.name.path, e));
            }
        };
        let TextSpool { name, at, .. } = self;
        Ok(SpooledTexts {
            name,
            file: Mutex::new(file),
            at,
        })
    }
}

impl SpooledTexts {
    /// Document `d`'s text (empty for a document the spool never had).
    pub(super) fn text(&self, d: DocIndex) -> Result<String> {
        let Some(&(offset, len)) = self.at.get(d as usize) else {
            return Ok(String::new());
        };
        let mut bytes = vec![0; len as usize];
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.read_exact(&mut bytes))
            .map_err(|e| Error::io(&self.name.path, e))?;
        drop(file);
        // Written from whole `str`s.
        Ok(match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_by_index_and_leave_nothing_behind() {
        let mut spool = TextSpool::create().unwrap();
        let path = spool.name.path.clone();
        for t in ["first text", "", "третий текст"] {
            spool.push(t.to_string());
        }
        let texts = spool.finish().unwrap();
        assert_eq!(texts.text(2).unwrap(), "третий текст");
        assert_eq!(texts.text(0).unwrap(), "first text");
        assert_eq!(texts.text(1).unwrap(), "");
        assert_eq!(texts.text(9).unwrap(), "");
        drop(texts);
        assert!(!path.exists());
    }
}
