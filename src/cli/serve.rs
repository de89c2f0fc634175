//! `retold serve`: the HTTP API and web page over the persistent index.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use retold::index::store::Store;
use retold::serve::{serve, DEFAULT_ADDR, DEFAULT_BODY_LIMIT};

/// Flags of `retold serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  retold serve                               ./retold.db on http://127.0.0.1:8080
  retold serve --db /srv/retold.db --addr 127.0.0.1:9000
  curl -s localhost:8080/v1/match -H 'content-type: application/json' \\
       -d '{\"title\": \"...\", \"text\": \"...\"}'

Routes: POST /v1/documents, POST /v1/match, GET /v1/stories, GET /v1/stories/{id},
GET /v1/documents/{id}, GET /v1/stats, GET /healthz, GET /v1/openapi.json; the web page at /.
It listens on loopback unless --addr says otherwise; there is no authentication, so put a
proxy in front before opening it to a network.")]
pub struct Args {
    /// The index file (created when missing).
    #[arg(long, default_value = "retold.db")]
    pub db: PathBuf,
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,
    /// The largest request body, in bytes (past it: 413).
    #[arg(long, default_value_t = DEFAULT_BODY_LIMIT)]
    pub body_limit: usize,
}

/// Runs `retold serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.db)?;
    let stats = store.stats()?;
    let db = args.db.display().to_string();
    serve(store, args.addr, args.body_limit, |bound| {
        eprintln!(
            "serving http://{bound} ({db}: {} documents, {} stories); Ctrl-C or SIGTERM stops",
            stats.documents, stats.stories
        );
    })?;
    Ok(ExitCode::SUCCESS)
}
