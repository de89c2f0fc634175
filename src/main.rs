//! The `retold` command: parses flags and calls the library; no logic of its own.
//!
//! Exit codes follow the interface contract: 0 done (even with skipped records), 1 error,
//! 2 usage error. A closed stdout (`retold extract x -o - | head`) is success, not an error.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            match err.downcast_ref::<retold::Error>() {
                Some(retold::Error::Usage(_)) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    }
}

/// True when the error comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>().or_else(|| {
            match cause.downcast_ref::<retold::Error>() {
                Some(retold::Error::Io { source, .. }) => Some(source),
                _ => None,
            }
        });
        io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
