//! G2 ⊂ E'(Fp2): y^2 = x^3 + 3/xi (D-type sextic twist), the psi endomorphism and the
//! subgroup check.

use crate::curve::{Affine, Curve, Jacobian};
use crate::fp::Fp;
use crate::fp12::FROB_GAMMA;
use crate::fp2::{Fp2, XI};
use crate::g1::DecodeError;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct G2;

/// b' = 3 / xi.
pub const B_TWIST: Fp2 = {
    let xi_inv = XI.cinv();
    let three = Fp2 {
        c0: Fp::from_u32(3),
        c1: Fp::ZERO,
    };
    three.cmul(&xi_inv)
};

impl Curve for G2 {
    type F = Fp2;
    const B: Fp2 = B_TWIST;
}

pub type G2Affine = Affine<G2>;
pub type G2Jacobian = Jacobian<G2>;

/// The standard generator (EIP-197).
pub const G2_GEN: G2Affine = Affine {
    x: Fp2 {
        c0: Fp::from_raw([
            0xd992f6ed, 0x46debd5c, 0xf75edadd, 0x674322d4, 0x5e5c4479, 0x426a0066, 0x121f1e76,
            0x1800deef,
        ]),
        c1: Fp::from_raw([
            0xaef312c2, 0x97e485b7, 0x35a9e712, 0xf1aa4933, 0x31fb5d25, 0x7260bfb7, 0x920d483a,
            0x198e9393,
        ]),
    },
    y: Fp2 {
        c0: Fp::from_raw([
            0x66fa7daa, 0x4ce6cc01, 0x0c43d37b, 0xe3d1e769, 0x8dcb408f, 0x4aab7180, 0xdb8c6deb,
            0x12c85ea5,
        ]),
        c1: Fp::from_raw([
            0xd122975b, 0x55acdadc, 0x70b38ef3, 0xbc4b3133, 0x690c3395, 0xec9e99ad, 0x585ff075,
            0x090689d0,
        ]),
    },
    inf: false,
};

/// The BN parameter x (6x+2 drives the Miller loop).
pub const BN_X: u64 = 4965661367192848881;

/// psi = untwist-Frobenius-twist: (x, y) -> (conj(x) g^2, conj(y) g^3), g = xi^((p-1)/6).
pub fn psi(p: &G2Jacobian) -> G2Jacobian {
    Jacobian {
        x: p.x.conj() * FROB_GAMMA[2],
        y: p.y.conj() * FROB_GAMMA[3],
        z: p.z.conj(),
    }
}

/// psi on an affine point.
pub fn psi_affine(p: &G2Affine) -> G2Affine {
    Affine {
        x: p.x.conj() * FROB_GAMMA[2],
        y: p.y.conj() * FROB_GAMMA[3],
        inf: p.inf,
    }
}

/// Multiplication by a 64-bit scalar (double-and-add; used with the public BN x only).
pub fn mul_u64(p: &G2Jacobian, k: u64) -> G2Jacobian {
    let mut acc = G2Jacobian::IDENTITY;
    for i in (0..64).rev() {
        acc = acc.double();
        if (k >> i) & 1 == 1 {
            acc = acc.add(p);
        }
    }
    acc
}

/// Membership in the order-r subgroup, ψ-based (El Housni-Guillevic-Piellard 2022/352):
/// [x+1]Q + ψ([x]Q) + ψ²([x]Q) == ψ³([2x]Q).
pub fn in_subgroup(q: &G2Affine) -> bool {
    if q.inf {
        return true;
    }
    let qj = q.to_jacobian();
    let xq = mul_u64(&qj, BN_X);
    let lhs = xq.add(&qj).add(&psi(&xq)).add(&psi(&psi(&xq)));
    let rhs = psi(&psi(&psi(&xq.double())));
    lhs.eq_point(&rhs)
}

/// Slow reference check [r]Q == O, used by tests.
pub fn in_subgroup_slow(q: &G2Affine) -> bool {
    q.to_jacobian().mul_scalar(&crate::scalar::R).is_identity()
}

/// Decodes X1||X0||Y1||Y0 (contract order, 128 bytes). All zero is the identity.
/// Checks range and curve membership; the subgroup check is separate (`in_subgroup`).
pub fn decode_g2(b: &[u8]) -> Result<G2Affine, DecodeError> {
    let f = |o: usize| Fp::from_be_bytes(b[o..o + 32].try_into().unwrap());
    let x1 = f(0).ok_or(DecodeError::NotCanonical)?;
    let x0 = f(32).ok_or(DecodeError::NotCanonical)?;
    let y1 = f(64).ok_or(DecodeError::NotCanonical)?;
    let y0 = f(96).ok_or(DecodeError::NotCanonical)?;
    let x = Fp2::new(x0, x1);
    let y = Fp2::new(y0, y1);
    if x.is_zero() && y.is_zero() {
        return Ok(G2Affine::IDENTITY);
    }
    let p = G2Affine::new(x, y);
    if !p.is_on_curve() {
        return Err(DecodeError::NotOnCurve);
    }
    Ok(p)
}

/// Encodes in contract order X1||X0||Y1||Y0; the identity as zeros.
pub fn encode_g2(p: &G2Affine, out: &mut [u8]) {
    if p.inf {
        out[..128].fill(0);
        return;
    }
    out[0..32].copy_from_slice(&p.x.c1.to_be_bytes());
    out[32..64].copy_from_slice(&p.x.c0.to_be_bytes());
    out[64..96].copy_from_slice(&p.y.c1.to_be_bytes());
    out[96..128].copy_from_slice(&p.y.c0.to_be_bytes());
}

/// k*Q for Q in G2 (k < r): k is split into four ~64-bit parts along psi (eigenvalue
/// 6x^2 on G2, GLS method). Only valid for points of the order-r subgroup.
pub fn g2_mul(q: &G2Affine, k: &[u32; 8]) -> G2Jacobian {
    let ks = crate::scalar::gls_split(k);
    q.to_jacobian().mul_four_dim(psi_affine, &ks)
}
