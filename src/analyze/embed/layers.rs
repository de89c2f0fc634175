//! Owns the encoder's arithmetic: a BERT-style transformer over piece ids, mean-pooled.
//!
//! The weights come as 4-bit blocks (32 weights sharing one half-precision scale) and are
//! widened to f32 once, at load: 21 million encoder weights are 85 MB, and f32 matrix
//! products (`matrixmultiply`, which picks AVX2 and FMA at run time) are several times faster
//! here than products on the packed form. The word table (250,000 rows) stays packed and a
//! row is widened when a piece needs it. One text runs on one thread: callers embed many
//! texts in parallel.

/// Weights per 4-bit block.
pub const BLOCK: usize = 32;

/// Bytes per 4-bit block: a half-precision scale and 16 bytes of two nibbles each.
pub const BLOCK_BYTES: usize = 2 + BLOCK / 2;

/// A half-precision float's value.
pub fn half(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1f);
    let man = f32::from(bits & 0x3ff);
    match exp {
        0 => sign * man * 2f32.powi(-24),
        31 if man == 0.0 => sign * f32::INFINITY,
        31 => f32::NAN,
        _ => sign * (1.0 + man / 1024.0) * 2f32.powi(exp - 15),
    }
}

/// Widens 4-bit blocks into `out` (whose length is a multiple of [`BLOCK`]): weight `j` of
/// a block is the low nibble of byte `j`, weight `j + 16` the high one, both less 8, times
/// the scale.
pub fn widen(blocks: &[u8], out: &mut [f32]) {
    for (block, out) in blocks
        .chunks_exact(BLOCK_BYTES)
        .zip(out.chunks_exact_mut(BLOCK))
    {
        let scale = half(u16::from_le_bytes([block[0], block[1]]));
        for (j, &byte) in block[2..].iter().enumerate() {
            out[j] = (f32::from(byte & 0x0f) - 8.0) * scale;
            out[j + BLOCK / 2] = (f32::from(byte >> 4) - 8.0) * scale;
        }
    }
}

/// A dense layer: `y = x W^T + b`, `W` of `outputs` rows of `inputs` weights.
#[derive(Debug)]
pub struct Dense {
    /// Row-major weights.
    pub weights: Vec<f32>,
    /// One bias per output.
    pub bias: Vec<f32>,
    /// Inputs per row.
    pub inputs: usize,
}

impl Dense {
    fn outputs(&self) -> usize {
        self.bias.len()
    }

    /// `x` is `rows` rows of `inputs`; returns `rows` rows of outputs.
    fn apply(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let (k, n) = (self.inputs, self.outputs());
        let mut y: Vec<f32> = Vec::with_capacity(rows * n);
        for _ in 0..rows {
            y.extend_from_slice(&self.bias);
        }
        debug_assert_eq!(x.len(), rows * k);
        debug_assert_eq!(self.weights.len(), n * k);
        // SAFETY: the pointers and strides describe `x` (rows x k, row-major), `weights`
        // read as its transpose (k x n: element (i, j) at j * k + i) and `y` (rows x n,
        // row-major), whose lengths are checked above; nothing else borrows `y`.
        unsafe {
            matrixmultiply::sgemm(
                rows,
                k,
                n,
                1.0,
                x.as_ptr(),
                k as isize,
                1,
                self.weights.as_ptr(),
                1,
                k as isize,
                1.0,
                y.as_mut_ptr(),
                n as isize,
                1,
            );
        }
        y
    }
}

/// A layer norm's gain and bias.
#[derive(Debug)]
pub struct Norm {
    /// Gain per feature.
    pub gain: Vec<f32>,
    /// Bias per feature.
    pub bias: Vec<f32>,
}

impl Norm {
    /// Normalises each row of `x` (after adding `add`'s row, when given).
    fn apply(&self, x: &mut [f32], add: Option<&[f32]>, eps: f32) {
        let h = self.gain.len();
        for (t, row) in x.chunks_exact_mut(h).enumerate() {
            if let Some(add) = add {
                row.iter_mut()
                    .zip(&add[t * h..(t + 1) * h])
                    .for_each(|(r, a)| *r += a);
            }
            let mean = row.iter().sum::<f32>() / h as f32;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
            let inv = 1.0 / (var + eps).sqrt();
            for ((r, g), b) in row.iter_mut().zip(&self.gain).zip(&self.bias) {
                *r = (*r - mean) * inv * g + b;
            }
        }
    }
}

/// One transformer layer.
#[derive(Debug)]
pub struct Layer {
    /// Query, key and value projections.
    pub query: Dense,
    /// See `query`.
    pub key: Dense,
    /// See `query`.
    pub value: Dense,
    /// The attention output projection.
    pub attention_out: Dense,
    /// The norm after attention.
    pub attention_norm: Norm,
    /// The feed-forward layer's widening half.
    pub widen: Dense,
    /// The feed-forward layer's narrowing half.
    pub narrow: Dense,
    /// The norm after the feed-forward layer.
    pub out_norm: Norm,
}

/// The whole encoder.
#[derive(Debug)]
pub struct Network {
    /// Hidden size.
    pub hidden: usize,
    /// Attention heads.
    pub heads: usize,
    /// Layer norm epsilon.
    pub eps: f32,
    /// The packed word table: one row of `hidden / BLOCK` blocks per piece.
    pub words: Vec<u8>,
    /// Position embeddings, `positions` rows of `hidden`.
    pub positions: Vec<f32>,
    /// The token type embedding (type 0).
    pub token_type: Vec<f32>,
    /// The norm over the embeddings.
    pub embed_norm: Norm,
    /// The layers.
    pub layers: Vec<Layer>,
}

impl Network {
    /// How many positions the model has.
    pub fn max_positions(&self) -> usize {
        self.positions.len() / self.hidden
    }

    /// The mean-pooled, L2-normalised output for a sequence of ids (specials included; at
    /// most [`Network::max_positions`] of them).
    pub fn embed(&self, ids: &[u32]) -> Vec<f32> {
        let h = self.hidden;
        let rows = ids.len().min(self.max_positions());
        if rows == 0 {
            return vec![0.0; h];
        }
        let row_bytes = h / BLOCK * BLOCK_BYTES;
        let mut x = vec![0.0f32; rows * h];
        for (t, (&id, row)) in ids.iter().zip(x.chunks_exact_mut(h)).enumerate() {
            let at = id as usize * row_bytes;
            if let Some(packed) = self.words.get(at..at + row_bytes) {
                widen(packed, row);
            }
            let pos = &self.positions[t * h..(t + 1) * h];
            for ((r, p), k) in row.iter_mut().zip(pos).zip(&self.token_type) {
                *r += p + k;
            }
        }
        self.embed_norm.apply(&mut x, None, self.eps);
        for layer in &self.layers {
            self.layer(layer, &mut x, rows);
        }
        let mut pooled = vec![0.0f32; h];
        for row in x.chunks_exact(h) {
            pooled.iter_mut().zip(row).for_each(|(p, r)| *p += r);
        }
        let norm = pooled.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
        pooled.iter_mut().for_each(|v| *v /= norm);
        pooled
    }

    fn layer(&self, layer: &Layer, x: &mut [f32], rows: usize) {
        let h = self.hidden;
        let q = layer.query.apply(x, rows);
        let k = layer.key.apply(x, rows);
        let v = layer.value.apply(x, rows);
        let hd = h / self.heads;
        let scale = 1.0 / (hd as f32).sqrt();
        let mut context = vec![0.0f32; rows * h];
        let mut probs = vec![0.0f32; rows];
        for head in 0..self.heads {
            let cols = head * hd..(head + 1) * hd;
            for t in 0..rows {
                let qt = &q[t * h..][cols.clone()];
                let mut top = f32::NEG_INFINITY;
                for (s, p) in probs.iter_mut().enumerate() {
                    let ks = &k[s * h..][cols.clone()];
                    *p = qt.iter().zip(ks).map(|(a, b)| a * b).sum::<f32>() * scale;
                    top = top.max(*p);
                }
                let mut sum = 0.0;
                for p in probs.iter_mut() {
                    *p = (*p - top).exp();
                    sum += *p;
                }
                let out = &mut context[t * h..][cols.clone()];
                for (s, p) in probs.iter().enumerate() {
                    let w = p / sum;
                    let vs = &v[s * h..][cols.clone()];
                    out.iter_mut().zip(vs).for_each(|(o, v)| *o += w * v);
                }
            }
        }
        let attended = layer.attention_out.apply(&context, rows);
        layer.attention_norm.apply(x, Some(&attended), self.eps);
        let mut mid = layer.widen.apply(x, rows);
        mid.iter_mut().for_each(|m| *m = gelu(*m));
        let out = layer.narrow.apply(&mid, rows);
        layer.out_norm.apply(x, Some(&out), self.eps);
    }
}

/// The exact (erf) GELU the model was trained with.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function, to 1.5e-7 (Abramowitz and Stegun 7.1.26).
fn erf(x: f32) -> f32 {
    let (p, a1, a2, a3, a4, a5) = (
        0.327_591_1,
        0.254_829_6,
        -0.284_496_74,
        1.421_413_7,
        -1.453_152_1,
        1.061_405_4,
    );
    let sign = x.signum();
    let x = x.abs();
    let t = 1.0 / (1.0 + p * x);
    let y = 1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * (-x * x).exp();
    sign * y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats_widen_exactly() {
        assert_eq!(half(0x3c00), 1.0);
        assert_eq!(half(0xc000), -2.0);
        assert_eq!(half(0x3800), 0.5);
        assert_eq!(half(0x0001), 2f32.powi(-24));
        assert_eq!(half(0), 0.0);
    }

    #[test]
    fn a_block_widens_low_nibbles_first() {
        let mut block = vec![0x00, 0x3c]; // scale 1.0
        block.extend((0..16u8).map(|j| (j & 0x0f) | (15 - j) << 4));
        let mut out = [0.0; BLOCK];
        widen(&block, &mut out);
        assert_eq!(out[0], -8.0);
        assert_eq!(out[15], 7.0);
        assert_eq!(out[16], 7.0);
        assert_eq!(out[31], -8.0);
    }

    #[test]
    fn erf_is_close() {
        assert!((erf(0.5) - 0.520_499_9).abs() < 1e-6);
        assert!((erf(-1.0) + 0.842_700_8).abs() < 1e-6);
        assert!(erf(0.0).abs() < 1e-6);
    }

    #[test]
    fn a_dense_layer_multiplies_by_the_transpose() {
        let d = Dense {
            weights: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], // 2 outputs x 3 inputs
            bias: vec![0.5, -0.5],
            inputs: 3,
        };
        let y = d.apply(&[1.0, 0.0, 1.0, 0.0, 1.0, 0.0], 2);
        assert_eq!(y, vec![4.5, 9.5, 2.5, 4.5]);
    }
}
