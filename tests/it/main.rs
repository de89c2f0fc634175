//! Integration tests: the `retold` binary run on fixtures each test writes, one module a feature.

mod agreement;
mod bad_input;

mod browser;
mod compare;
mod compat;
mod dedup;
mod demo;
mod formats;
mod ingest;
mod languages;
mod losses;
#[cfg(feature = "parquet")]
mod parquet;
mod run;
mod seeds;
mod serve;
#[cfg(feature = "parquet")]
mod shards;
mod stories;
mod support;
