//! Stopping a run cleanly: a signal (Ctrl-C, SIGTERM) asks the reader to stop, and the run
//! ends as if its input ended there, so every output holds whole the records read before.
//!
//! A second signal stops the process at once; even then no output is torn, since each is
//! put in place only when complete (`output::whole`).

use std::sync::atomic::{AtomicBool, Ordering};

static STOP: AtomicBool = AtomicBool::new(false);

/// Asks every run of this process to stop reading.
pub fn request_stop() {
    STOP.store(true, Ordering::Relaxed);
}

/// Whether a stop was asked for.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

/// Turns Ctrl-C and SIGTERM into a stop request (the second one ends the process with 130).
/// `on_stop` is told when the first arrives.
pub fn stop_on_signals(on_stop: fn()) {
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async move {
            #[cfg(unix)]
            let mut term =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            loop {
                #[cfg(unix)]
                {
                    match term.as_mut() {
                        Some(term) => {
                            tokio::select! {
                                _ = tokio::signal::ctrl_c() => {}
                                _ = term.recv() => {}
                            }
                        }
                        None => {
                            let _ = tokio::signal::ctrl_c().await;
                        }
                    }
                }
                #[cfg(not(unix))]
                {
                    let _ = tokio::signal::ctrl_c().await;
                }
                if stop_requested() {
                    std::process::exit(130);
                }
                request_stop();
                on_stop();
            }
        });
    });
}
