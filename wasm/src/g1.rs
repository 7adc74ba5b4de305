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

/// 3 / R: the value of (y^2 - x^3) / R for a point on the curve (see `sum_encoded_g1`).
const THREE_OVER_R: Fp = Fp(crate::fp::mont_mul(
    &[3, 0, 0, 0, 0, 0, 0, 0],
    &[1, 0, 0, 0, 0, 0, 0, 0],
));

/// Decodes, checks and sums up to `SUM_BLOCK` encoded points (64 bytes each); on a bad point
/// returns its index (offset by `first`) and the reason, checking points in order.
///
/// Why this is not decode + `sum_affine`: the first round of pairwise additions is fused
/// with decoding so that y never has to be converted to Montgomery form, and the on-curve
/// check costs one square and one sum of products:
/// - check: with plain x, y and X = xR, (y*y + (x^2/R)*(p - X)) / R = (y^2 - x^3) / R,
///   compared with 3/R;
/// - the batch inverse is scaled by R so that multiplying it with the plain y difference
///   gives lambda in Montgomery form directly;
/// - y3 = lambda*(x1 - x3) - y1 becomes one sum of products with (p - y1) * R^2.
pub fn sum_encoded_g1(bytes: &[u8], first: usize) -> Result<G1Jacobian, (usize, DecodeError)> {
    use crate::curve::SUM_BLOCK;
    use crate::fp::{inv_binary, limbs_from_be, lt_limbs, MONT_R2, P};
    let n = bytes.len() / 64;
    debug_assert!(n <= SUM_BLOCK);
    let mut xs = [Fp::ZERO; SUM_BLOCK]; // Montgomery form
    let mut ys = [Fp::ZERO; SUM_BLOCK]; // plain integers
    let mut m = 0;
    for i in 0..n {
        let b = &bytes[64 * i..64 * i + 64];
        let x = limbs_from_be(b[0..32].try_into().unwrap());
        let y = limbs_from_be(b[32..64].try_into().unwrap());
        if !lt_limbs(&x, &P) || !lt_limbs(&y, &P) {
            return Err((first + i, DecodeError::NotCanonical));
        }
        if x == [0; 8] && y == [0; 8] {
            continue;
        }
        let (x, y) = (Fp(x), Fp(y));
        let xm = x.mul_rt(&MONT_R2);
        if Fp::sum_of_products(&y, &y, &x.square(), &xm.p_minus()) != THREE_OVER_R {
            return Err((first + i, DecodeError::NotOnCurve));
        }
        xs[m] = xm;
        ys[m] = y;
        m += 1;
    }
    let mont = |x: Fp, y: Fp| G1Affine::new(x, y.mul_rt(&MONT_R2));
    let mut acc = G1Jacobian::IDENTITY;
    let mut prefix = [Fp::ZERO; SUM_BLOCK / 2];
    let mut live = 0;
    let mut run = Fp::ONE;
    for i in 0..m / 2 {
        let (xa, ya, xb, yb) = (xs[2 * i], ys[2 * i], xs[2 * i + 1], ys[2 * i + 1]);
        if xa == xb {
            // Equal or opposite points: the chord formula does not apply.
            acc = acc.add_affine(&mont(xa, ya)).add_affine(&mont(xb, yb));
            continue;
        }
        xs[2 * live] = xa;
        ys[2 * live] = ya;
        xs[2 * live + 1] = xb;
        ys[2 * live + 1] = yb;
        prefix[live] = run;
        run = run * (xb - xa);
        live += 1;
    }
    // Sums land at even indices, then move to the front; both coordinates now Montgomery.
    let mut inv = inv_binary(&run) * MONT_R2;
    for i in (0..live).rev() {
        let (xa, ya, xb, yb) = (xs[2 * i], ys[2 * i], xs[2 * i + 1], ys[2 * i + 1]);
        let dx = xb - xa;
        let k = inv * prefix[i]; // R^2 / dx
        inv = inv * dx;
        let lambda = (yb - ya) * k; // plain dy times R^2/dx, over R: lambda in Montgomery form
        let x3 = lambda.square() - xa - xb;
        xs[2 * i] = x3;
        ys[2 * i] = Fp::sum_of_products(&lambda, &(xa - x3), &ya.p_minus(), &MONT_R2);
    }
    compact(&mut xs, &mut ys, live);
    let mut cnt = live;
    if m % 2 == 1 {
        xs[cnt] = xs[m - 1];
        ys[cnt] = ys[m - 1].mul_rt(&MONT_R2);
        cnt += 1;
    }
    Ok(acc.add(&sum_rounds(&mut xs[..], &mut ys[..], cnt, &mut prefix[..])))
}

/// Moves the sums written at even indices 0, 2, .., 2(live-1) to the front.
fn compact(xs: &mut [Fp], ys: &mut [Fp], live: usize) {
    for i in 1..live {
        xs[i] = xs[2 * i];
        ys[i] = ys[2 * i];
    }
}

/// Below this many points the rest is summed with mixed Jacobian additions, where another
/// shared inversion would cost more than it saves.
const SUM_TAIL: usize = 24;

/// Sum of the affine points (xs[i], ys[i]), i < m (Montgomery form, none the identity), by
/// rounds of batch-affine pairwise additions with one shared inversion per round. The
/// coordinates live in two plain arrays so rounds move 32-byte values, not point structs.
fn sum_rounds(xs: &mut [Fp], ys: &mut [Fp], mut m: usize, prefix: &mut [Fp]) -> G1Jacobian {
    let mut acc = G1Jacobian::IDENTITY;
    while m > SUM_TAIL {
        let mut live = 0;
        let mut run = Fp::ONE;
        for i in 0..m / 2 {
            let (xa, ya, xb, yb) = (xs[2 * i], ys[2 * i], xs[2 * i + 1], ys[2 * i + 1]);
            if xa == xb {
                acc = acc
                    .add_affine(&G1Affine::new(xa, ya))
                    .add_affine(&G1Affine::new(xb, yb));
                continue;
            }
            xs[2 * live] = xa;
            ys[2 * live] = ya;
            xs[2 * live + 1] = xb;
            ys[2 * live + 1] = yb;
            prefix[live] = run;
            run = run * (xb - xa);
            live += 1;
        }
        let mut inv = crate::fp::inv_binary(&run);
        for i in (0..live).rev() {
            let (xa, ya, xb, yb) = (xs[2 * i], ys[2 * i], xs[2 * i + 1], ys[2 * i + 1]);
            let dx = xb - xa;
            let k = inv * prefix[i];
            inv = inv * dx;
            let lambda = (yb - ya) * k;
            let x3 = lambda.square() - xa - xb;
            xs[2 * i] = x3;
            ys[2 * i] = lambda * (xa - x3) - ya;
        }
        compact(xs, ys, live);
        let mut cnt = live;
        if m % 2 == 1 {
            xs[cnt] = xs[m - 1];
            ys[cnt] = ys[m - 1];
            cnt += 1;
        }
        m = cnt;
    }
    for i in 0..m {
        acc = acc.add_affine(&G1Affine::new(xs[i], ys[i]));
    }
    acc
}
