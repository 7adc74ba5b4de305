//! G1 = E(Fp): y^2 = x^3 + 3, cofactor 1; and the on-chain try-and-increment hash.

use crate::curve::{Affine, Curve, Jacobian};
use crate::fp::Fp;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct G1;

impl Curve for G1 {
    type F = Fp;
    const B: Fp = Fp::from_u32(3);
}

pub type G1Affine = Affine<G1>;
pub type G1Jacobian = Jacobian<G1>;

/// The generator (1, 2).
pub const G1_GEN: G1Affine = Affine {
    x: Fp::ONE,
    y: Fp::from_u32(2),
    inf: false,
};

/// Outcome of decoding an external point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A coordinate is >= p.
    NotCanonical,
    NotOnCurve,
    NotInSubgroup,
}

/// Decodes X||Y (64 bytes, big-endian). (0,0) is the identity. Checks range and curve
/// membership; G1 has cofactor 1 so no subgroup check is needed.
pub fn decode_g1(b: &[u8]) -> Result<G1Affine, DecodeError> {
    let x = Fp::from_be_bytes(b[0..32].try_into().unwrap()).ok_or(DecodeError::NotCanonical)?;
    let y = Fp::from_be_bytes(b[32..64].try_into().unwrap()).ok_or(DecodeError::NotCanonical)?;
    if x.is_zero() && y.is_zero() {
        return Ok(G1Affine::IDENTITY);
    }
    let p = G1Affine::new(x, y);
    if !p.is_on_curve() {
        return Err(DecodeError::NotOnCurve);
    }
    Ok(p)
}

/// Encodes as X||Y; the identity as 64 zero bytes.
pub fn encode_g1(p: &G1Affine, out: &mut [u8]) {
    if p.inf {
        out[..64].fill(0);
        return;
    }
    out[0..32].copy_from_slice(&p.x.to_be_bytes());
    out[32..64].copy_from_slice(&p.y.to_be_bytes());
}

/// `BN254.hashToG1`: x = digest mod p; while x^3+3 has no square root, x += 1;
/// y = (x^3+3)^((p+1)/4) exactly as computed (no sign normalisation).
pub fn hash_to_g1(digest: &[u8; 32]) -> G1Affine {
    let mut x = Fp::from_be_bytes_reduce(digest);
    loop {
        let beta = x.square() * x + G1::B;
        let y = beta.sqrt_candidate();
        if y.square() == beta {
            return G1Affine::new(x, y);
        }
        x = x + Fp::ONE;
    }
}

/// beta, a primitive cube root of unity in Fp with phi(x, y) = (beta x, y) = [lambda](x, y).
pub const BETA: Fp = Fp::from_raw([
    0x77fffffe, 0x57634731, 0xacdb5c4f, 0xd4f263f1, 0xa0d48bac, 0x59e26bce, 0, 0,
]);

/// k*P with the GLV endomorphism (k < r).
pub fn g1_mul(p: &G1Affine, k: &[u32; 8]) -> G1Jacobian {
    let (k1, n1, k2, n2) = crate::scalar::glv_split(k);
    let phi = |q: &G1Affine| Affine {
        x: q.x * BETA,
        y: q.y,
        inf: q.inf,
    };
    p.to_jacobian().mul_two_dim(phi, &k1, n1, &k2, n2)
}
