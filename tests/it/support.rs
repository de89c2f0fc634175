//! Helpers shared by the integration tests: run the binary, read its documents.jsonl.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The result of one run of `retold`.
pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub docs: Vec<serde_json::Value>,
}

impl Run {
    /// The ids of the documents written, in order.
    pub fn ids(&self) -> Vec<String> {
        self.docs
            .iter()
            .map(|d| d["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The document with this id.
    pub fn doc(&self, id: &str) -> &serde_json::Value {
        self.docs
            .iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("no document {id}; have {:?}\n{}", self.ids(), self.stderr))
    }

    /// The stderr lines that are warnings.
    pub fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect()
    }
}

/// Runs `retold extract ARGS... -o DIR/out.jsonl` and reads what it wrote.
pub fn extract(dir: &Path, args: &[&str]) -> Run {
    extract_stdin(dir, args, None)
}

/// As [`extract`], with `stdin` fed to the process.
pub fn extract_stdin(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let out = dir.join("out.jsonl");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_retold"));
    cmd.arg("extract").args(args).arg("-o").arg(&out);
    let output = run(cmd, stdin);
    let docs = std::fs::read_to_string(&out)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect();
    Run {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        docs,
    }
}

/// Runs a command with optional stdin and returns its output.
pub fn run(mut cmd: Command, stdin: Option<&[u8]>) -> Output {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the retold binary runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("retold finishes")
}

/// A JSONL line for a document with this id and text.
pub fn line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "title": format!("Title of {id}"), "text": text}).to_string()
}

/// A body of text long enough to be an article: `n` sentences about `topic`.
pub fn body(topic: &str) -> String {
    format!(
        "The council of {topic} met on Monday to discuss the new budget for the coming year.\n\n\
         Members of the {topic} council voted seven to two in favour of the plan after a long debate.\n\n\
         The mayor of {topic} said the money would go to schools, roads and the harbour."
    )
}

/// Gzip-compresses bytes as one member.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip in memory");
    enc.finish().expect("gzip in memory")
}
