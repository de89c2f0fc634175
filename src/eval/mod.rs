//! Owns the built-in evaluations: the labelled sets' readers, their metrics, and the runs.
//!
//! Each evaluation reads a set laid out as in ../shared/data (`--data DIR`), runs the same
//! library code the commands run, and returns figures a person can compare across versions.

pub mod clough;
pub mod data;
pub mod ecb;
pub mod incremental;
pub mod metrics;
pub mod msrp;
pub mod mt;
pub mod seeds;
pub mod semeval;
pub mod uci;
