//! `retold eval`: the built-in evaluations on labelled sets laid out like ../shared/data.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use retold::cluster::StoryOptions;
use retold::eval::{clough, ecb, incremental, msrp, mt, seeds, semeval, uci};
use retold::pipeline::stories::StoriesOptions;
use retold::relate::RetellOptions;

use super::report::summary_tail;
use super::values::EmbedFlags;

/// Flags of `retold eval`.
#[derive(Debug, clap::Args)]
#[command(
    arg_required_else_help = true,
    after_help = "\
Examples:
  retold eval uci --data ../shared/data      story clustering of headlines (BCubed)
  retold eval clough --data ../shared/data   derivation classes cut/light/heavy/non
  retold eval msrp --data ../shared/data     sentence-pair paraphrase accuracy
  retold eval seeds --data ../shared/data    the five seed pages inside the allsides haystack
  retold eval ecb --data ../shared/data      one event or the next of the same kind (ECB+)
  retold eval semeval --data ../shared/data  the same-story score against people's (SemEval-2022 8)
  retold eval mt --alone --embed             articles and their machine translations in one story
  retold eval all

The data directory holds labelled/uci_headlines, labelled/clough_stevenson,
labelled/msr_paraphrase, labelled/ecbplus_dev, labelled/semeval8_dev, labelled/mt_pairs_dev and
haystack/allsides.jsonl.gz; the seeds are read from
DATA/../seeds (or --seeds DIR)."
)]
pub struct Args {
    /// Which evaluation to run.
    #[arg(value_enum)]
    pub name: Name,
    /// The data directory.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub data: PathBuf,
    /// The seed pages (default: DATA/../seeds).
    #[arg(long, value_name = "DIR")]
    pub seeds: Option<PathBuf>,
    /// For `ecb` and `mt`: the set alone, without the run inside the allsides haystack.
    #[arg(long)]
    pub alone: bool,
    /// incremental: how many allsides articles to read (0: all of them).
    #[arg(long, default_value_t = incremental::DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,
    #[command(flatten)]
    pub embed: EmbedFlags,
}

/// The evaluations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Name {
    /// Story clustering of news headlines: BCubed precision, recall, F1.
    Uci,
    /// Derivation classes of short answers: accuracy and confusion table.
    Clough,
    /// Sentence-pair paraphrase accuracy of the sentence scorer.
    Msrp,
    /// The five seeds inside the allsides haystack.
    Seeds,
    /// Stories of one event on ECB+: BCubed, topics whose two events share a story, and
    /// allsides articles drawn into them.
    Ecb,
    /// The same-story score against human scores of SemEval-2022 Task 8: Pearson per
    /// language pair.
    Semeval,
    /// An article and its machine translation (or round trip) in one story: the share of
    /// pairs per language pair, and the relation found.
    Mt,
    /// The persistent index against the batch run on allsides' first articles and the seeds.
    Incremental,
    /// All of them, in this order.
    All,
}

/// Runs `retold eval`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let all = args.name == Name::All;
    let encoder = args.embed.encoder()?;
    if all || args.name == Name::Uci {
        println!(
            "{}",
            uci::eval_uci(
                &args.data,
                &RetellOptions::default(),
                &StoryOptions::default(),
                encoder.clone()
            )?
        );
    }
    if all || args.name == Name::Clough {
        println!("{}", clough::eval_clough(&args.data)?);
    }
    if all || args.name == Name::Msrp {
        print!("{}", msrp::eval_msrp(&args.data)?);
    }
    if all || args.name == Name::Seeds {
        let dir = args
            .seeds
            .clone()
            .unwrap_or_else(|| args.data.join("..").join("seeds"));
        print!("{}", seeds::eval_seeds(&args.data, &dir)?);
    }
    if all || args.name == Name::Ecb {
        print!(
            "{}",
            ecb::eval_ecb(
                &args.data,
                &StoriesOptions {
                    encoder: encoder.clone(),
                    ..StoriesOptions::default()
                },
                !args.alone
            )?
        );
    }
    if all || args.name == Name::Semeval {
        print!("{}", semeval::eval_semeval(&args.data, encoder.clone())?);
    }
    if all || args.name == Name::Mt {
        let options = StoriesOptions {
            encoder: encoder.clone(),
            ..StoriesOptions::default()
        };
        print!("{}", mt::eval_mt(&args.data, &options, !args.alone)?);
    }
    if all || args.name == Name::Incremental {
        let dir = args
            .seeds
            .clone()
            .unwrap_or_else(|| args.data.join("..").join("seeds"));
        print!(
            "{}",
            incremental::eval_incremental(
                &args.data,
                &dir,
                match args.limit {
                    0 => usize::MAX,
                    n => n,
                }
            )?
        );
    }
    eprintln!("eval: done{}", summary_tail(0, started, "stdout"));
    Ok(ExitCode::SUCCESS)
}
