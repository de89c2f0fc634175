//! Owns the encoder's place in a build without the `embed` feature: asking for it is an error.
//!
//! The rest of the library holds an `Option<Arc<Encoder>>` whatever the build, so no other
//! module needs the feature: here the type has no values, and `find` says how to get one.

use std::path::Path;

use crate::error::{Error, Result};

/// The environment variable that names the model file (read only by `embed` builds).
pub const MODEL_ENV: &str = "RETOLD_EMBED_MODEL";

/// An encoder, which a build without the `embed` feature cannot load.
#[derive(Debug)]
pub enum Encoder {}

impl Encoder {
    /// Always an error: this build has no encoder.
    pub fn open(path: &Path) -> Result<Encoder> {
        Encoder::find(Some(path))
    }

    /// Always an error: this build has no encoder.
    pub fn find(_explicit: Option<&Path>) -> Result<Encoder> {
        Err(Error::Usage(
            "this retold was built without the embed feature: build it with `cargo build --release --features embed`, then run scripts/install-model".into(),
        ))
    }

    /// The file the encoder was loaded from.
    pub fn path(&self) -> &Path {
        match *self {}
    }

    /// The embedding's length.
    pub fn dimensions(&self) -> usize {
        match *self {}
    }

    /// The embedding of a passage.
    pub fn embed(&self, _title: Option<&str>, _text: &str) -> Vec<f32> {
        match *self {}
    }
}
