//! `retold serve`: the HTTP API and web page over the persistent index.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use retold::index::store::Store;
use retold::serve::guard::Limits;
use retold::serve::{serve, ServeOptions, DEFAULT_ADDR, DEFAULT_BODY_LIMIT};

/// Flags of `retold serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  retold serve                               ./retold.db on http://127.0.0.1:8080
  retold serve --db /srv/retold.db --addr 127.0.0.1:9000
  retold serve --addr 0.0.0.0:8080 --token-file /etc/retold/token --rate-limit 20
  curl -s localhost:8080/v1/match -H 'content-type: application/json' \\
       -d '{\"title\": \"...\", \"text\": \"...\"}'
  curl -s localhost:8080/v1/documents -H 'authorization: Bearer TOKEN' \\
       -H 'content-type: application/json' -d '[{\"id\": \"a1\", \"text\": \"...\"}]'

Routes: POST /v1/documents, POST /v1/match, GET /v1/stories, GET /v1/stories/{id},
GET /v1/documents/{id}, GET /v1/stats, GET /metrics (Prometheus), GET /healthz,
GET /v1/openapi.json; the web page at /. It listens on loopback unless --addr says
otherwise. Before opening it to a network, give it a --token-file (POST /v1/documents
then needs `Authorization: Bearer TOKEN`; reads and /v1/match stay open) and a
--rate-limit.")]
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
    /// A file holding the bearer token that POST /v1/documents requires (its first line).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Requests a second each client address may make, in bursts of as many (past it: 429);
    /// 0: no limit.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub rate_limit: u32,
    /// Seconds a request may take before it is answered 503 (its work may still finish, and
    /// a retry is safe); 0: no limit.
    #[arg(long, default_value_t = 60, value_name = "SECS")]
    pub timeout: u64,
}

impl Args {
    /// The server's options from the flags; a token file that cannot be read or is empty is
    /// an error.
    fn options(&self) -> anyhow::Result<ServeOptions> {
        let token = match &self.token_file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading the token file {}", path.display()))?;
                let token = text.lines().next().unwrap_or("").trim().to_string();
                if token.is_empty() {
                    anyhow::bail!("the token file {} is empty", path.display());
                }
                Some(token)
            }
            None => None,
        };
        Ok(ServeOptions {
            addr: self.addr,
            body_limit: self.body_limit,
            limits: Limits {
                token,
                rate: self.rate_limit,
                timeout: (self.timeout > 0).then(|| Duration::from_secs(self.timeout)),
            },
        })
    }
}

/// Runs `retold serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = args.options()?;
    let store = Store::open(&args.db)?;
    let stats = store.stats()?;
    let db = args.db.display().to_string();
    serve(store, options, |bound| {
        eprintln!(
            "serving http://{bound} ({db}: {} documents, {} stories); Ctrl-C or SIGTERM stops",
            stats.documents, stats.stories
        );
    })?;
    Ok(ExitCode::SUCCESS)
}
