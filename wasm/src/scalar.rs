//! Scalar helpers: the group order r and width-w NAF recoding.

use crate::fp::{lt_limbs, N};

/// r, the order of G1, G2 and GT, little-endian limbs.
pub const R: [u32; N] = [
    0xf0000001, 0x43e1f593, 0x79b97091, 0x2833e848, 0x8181585d, 0xb85045b6, 0xe131a029, 0x30644e72,
];

/// True if k < r.
pub fn is_valid_scalar(k: &[u32; N]) -> bool {
    lt_limbs(k, &R)
}

/// Width-w NAF of a 64-bit k, like `wnaf` but on one machine word (the batch coefficients are
/// recoded twice per signature). `out` needs 65 entries.
pub fn wnaf_u64(k: u64, w: u32, out: &mut [i8]) -> usize {
    // 128 bits absorb the carry of a negative top digit.
    let mut v = k as u128;
    let full = 1i32 << w;
    let half = 1i32 << (w - 1);
    let mut i = 0;
    let mut len = 0;
    while v != 0 {
        let mut d = 0i32;
        if v & 1 == 1 {
            d = (v as u32 & (full as u32 - 1)) as i32;
            if d >= half {
                d -= full;
            }
            if d > 0 {
                v -= d as u128;
            } else {
                v += (-d) as u128;
            }
        }
        out[i] = d as i8;
        if d != 0 {
            len = i + 1;
        }
        i += 1;
        v >>= 1;
    }
    len
}

/// Width-w NAF of k (little-endian digits, odd digits in (-2^(w-1), 2^(w-1))).
/// Returns the number of digits written. `out` needs 257 entries for 256-bit k.
pub fn wnaf(k: &[u32; N], w: u32, out: &mut [i8]) -> usize {
    // One spare limb absorbs the carry created by negative digits.
    let mut v = [0u32; N + 1];
    v[..N].copy_from_slice(k);
    let full = 1i32 << w;
    let half = 1i32 << (w - 1);
    let mut i = 0;
    let mut len = 0;
    while v.iter().any(|&l| l != 0) {
        let mut d = 0i32;
        if v[0] & 1 == 1 {
            d = (v[0] & (full as u32 - 1)) as i32;
            if d >= half {
                d -= full;
            }
            // v -= d
            if d > 0 {
                sub_small(&mut v, d as u32);
            } else {
                add_small(&mut v, (-d) as u32);
            }
        }
        out[i] = d as i8;
        if d != 0 {
            len = i + 1;
        }
        i += 1;
        shr1(&mut v);
    }
    len
}

fn sub_small(v: &mut [u32; N + 1], d: u32) {
    let mut borrow = d as u64;
    for l in v.iter_mut() {
        let t = (*l as u64).wrapping_sub(borrow);
        *l = t as u32;
        borrow = (t >> 63) & 1;
        if borrow == 0 {
            break;
        }
    }
}

fn add_small(v: &mut [u32; N + 1], d: u32) {
    let mut carry = d as u64;
    for l in v.iter_mut() {
        let t = *l as u64 + carry;
        *l = t as u32;
        carry = t >> 32;
        if carry == 0 {
            break;
        }
    }
}

fn shr1(v: &mut [u32; N + 1]) {
    for i in 0..N + 1 {
        let hi = if i + 1 < N + 1 { v[i + 1] } else { 0 };
        v[i] = (v[i] >> 1) | (hi << 31);
    }
}

// ---- endomorphism decompositions ---------------------------------------------------------
//
// G1: phi(x, y) = (beta x, y) acts as multiplication by lambda = 36x^3+18x^2+6x+1 (mod r).
// The lattice {(a, b): a + b lambda = 0 mod r} has the short basis
// v1 = (2x+1, -(6x^2+2x)), v2 = (6x^2+4x+1, 2x+1) (x = BN parameter), so Babai rounding
// with c1 = round(k (2x+1) / r), c2 = round(k (6x^2+2x) / r) gives
// k = k1 + k2 lambda with |k1|, |k2| < 2^128.
// G2: psi acts as multiplication by p = 6x^2 (mod r) on G2, so k = k0 + k1 * 6x^2 is a plain
// division with remainder (both parts below 2^128).

/// 2x+1.
pub const GLV_A1: [u32; 8] = [0x94d213e3, 0x89d32568, 0, 0, 0, 0, 0, 0];
/// 6x^2+2x.
pub const GLV_B1: [u32; 8] = [0x7d4f1128, 0x8211bbeb, 0xeeb859fc, 0x6f4d8248, 0, 0, 0, 0];
/// 6x^2+4x+1.
pub const GLV_A2: [u32; 8] = [0x1221250b, 0x0be4e154, 0xeeb859fd, 0x6f4d8248, 0, 0, 0, 0];
/// round(2^256 (2x+1) / r).
const GLV_G1: [u32; 8] = [0xc7e0b3d7, 0xd91d232e, 0x00000002, 0, 0, 0, 0, 0];
/// round(2^256 (6x^2+2x) / r).
const GLV_G2: [u32; 8] = [
    0x391eb18e, 0x7a7bd9d4, 0xa773d2cf, 0x4ccef014, 0x00000002, 0, 0, 0,
];
/// 6x^2, the eigenvalue of psi on G2.
pub const PSI_LAMBDA: [u32; 8] = [0xe87cfd46, 0xf83e9682, 0xeeb859fb, 0x6f4d8248, 0, 0, 0, 0];
/// floor(2^256 / 6x^2).
const PSI_DIV: [u32; 8] = [
    0xc8e01941, 0x2cb62031, 0xa773d2d5, 0x4ccef014, 0x00000002, 0, 0, 0,
];

/// Full 512-bit product.
fn mul_full(a: &[u32; N], b: &[u32; N]) -> [u32; 2 * N] {
    let mut r = [0u32; 2 * N];
    for i in 0..N {
        let mut carry = 0u64;
        for j in 0..N {
            let t = r[i + j] as u64 + (a[i] as u64) * (b[j] as u64) + carry;
            r[i + j] = t as u32;
            carry = t >> 32;
        }
        r[i + N] = carry as u32;
    }
    r
}

fn mul_lo(a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    let f = mul_full(a, b);
    let mut r = [0u32; N];
    r.copy_from_slice(&f[..N]);
    r
}

fn mul_hi(a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    let f = mul_full(a, b);
    let mut r = [0u32; N];
    r.copy_from_slice(&f[N..]);
    r
}

fn wrapping_sub(a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    crate::fp::sub_limbs(a, b).0
}

/// Two's-complement value -> (magnitude, is_negative).
fn signed(v: [u32; N]) -> ([u32; N], bool) {
    if v[N - 1] >> 31 == 1 {
        (wrapping_sub(&[0; N], &v), true)
    } else {
        (v, false)
    }
}

/// k = k1 + k2 * lambda (mod r) for the G1 endomorphism; returns (|k1|, k1<0, |k2|, k2<0).
pub fn glv_split(k: &[u32; N]) -> ([u32; N], bool, [u32; N], bool) {
    let c1 = mul_hi(k, &GLV_G1);
    let c2 = mul_hi(k, &GLV_G2);
    let k1 = wrapping_sub(
        &wrapping_sub(k, &mul_lo(&c1, &GLV_A1)),
        &mul_lo(&c2, &GLV_A2),
    );
    let k2 = wrapping_sub(&mul_lo(&c1, &GLV_B1), &mul_lo(&c2, &GLV_A1));
    let (m1, n1) = signed(k1);
    let (m2, n2) = signed(k2);
    (m1, n1, m2, n2)
}

/// k = k0 + k1 * 6x^2 with 0 <= k0 < 6x^2 (for psi on G2); returns (k0, k1).
pub fn psi_split(k: &[u32; N]) -> ([u32; N], [u32; N]) {
    let mut q = mul_hi(k, &PSI_DIV);
    let mut rem = wrapping_sub(k, &mul_lo(&q, &PSI_LAMBDA));
    while !lt_limbs(&rem, &PSI_LAMBDA) {
        rem = wrapping_sub(&rem, &PSI_LAMBDA);
        q = crate::fp::add_limbs(&q, &[1, 0, 0, 0, 0, 0, 0, 0]).0;
    }
    (rem, q)
}

// G2, four dimensions: with lambda = 6x^2 (psi's eigenvalue) the lattice
// {(a0..a3): sum a_i lambda^i = 0 mod r} has the short basis (rows of GLS_B, in terms of x):
// (x+1, x, x, -2x), (2x+1, -x, -(x+1), -x), (2x, 2x+1, 2x+1, 2x+1), (x-1, 4x+2, -2x+1, x-1).
// Babai rounding c_i = round(k * Binv[0][i]) with Binv[0][i] ~ G_i / 2^256 leaves
// k = sum k_j lambda^j with |k_j| < 2^66.

/// Magnitudes of round(2^256 * Binv[0][i]) and whether each is negative.
const GLS_G: [([u32; 8], bool); 4] = [
    (
        [0x51906254, 0xd0cb46fd, 0x8d269b9d, 0xc444fab1, 0, 0, 0, 0],
        false,
    ),
    (
        [
            0xee78976e, 0x001378f5, 0x2d7d77c7, 0x22df9f94, 0x61b25729, 0x3d006315, 0x00000001, 0,
        ],
        false,
    ),
    (
        [
            0xa93478ab, 0x36510546, 0x16bebbe4, 0x916fcfca, 0xb0d92b94, 0x9e80318a, 0, 0,
        ],
        false,
    ),
    (
        [0x89afae7d, 0xf7ae23ce, 0x8d269b9a, 0xc444fab1, 0, 0, 0, 0],
        true,
    ),
];

/// The basis entries as (small multiple of x, constant) pairs: entry = m*x + c.
const GLS_B: [[(i64, i64); 4]; 4] = [
    [(1, 1), (1, 0), (1, 0), (-2, 0)],
    [(2, 1), (-1, 0), (-1, -1), (-1, 0)],
    [(2, 0), (2, 1), (2, 1), (2, 1)],
    [(1, -1), (4, 2), (-2, 1), (1, -1)],
];

/// |m*x + c| as limbs and its sign (x = BN parameter).
fn basis_entry(m: i64, c: i64) -> ([u32; N], bool) {
    // m*x + c fits easily in 128 bits; computed in two's complement over 256 bits.
    let x = [
        crate::g2::BN_X as u32,
        (crate::g2::BN_X >> 32) as u32,
        0,
        0,
        0,
        0,
        0,
        0,
    ];
    let small = |v: i64| -> [u32; N] {
        let mag = v.unsigned_abs();
        let l = [mag as u32, (mag >> 32) as u32, 0, 0, 0, 0, 0, 0];
        if v < 0 {
            wrapping_sub(&[0; N], &l)
        } else {
            l
        }
    };
    let mx = mul_lo(&x, &small(m));
    signed(crate::fp::add_limbs(&mx, &small(c)).0)
}

/// k = sum_{j<4} k_j * lambda^j (mod r), lambda = 6x^2; returns (|k_j|, k_j < 0).
pub fn gls_split(k: &[u32; N]) -> [([u32; N], bool); 4] {
    let mut acc = [*k, [0; N], [0; N], [0; N]];
    for (i, (g, g_neg)) in GLS_G.iter().enumerate() {
        let c = mul_hi(k, g);
        for (j, a) in acc.iter_mut().enumerate() {
            let (b, b_neg) = basis_entry(GLS_B[i][j].0, GLS_B[i][j].1);
            let term = mul_lo(&c, &b);
            // acc_j -= c_i * B_ij, with c_i = ±|c| and B_ij = ±|b|.
            if *g_neg != b_neg {
                *a = crate::fp::add_limbs(a, &term).0;
            } else {
                *a = wrapping_sub(a, &term);
            }
        }
    }
    [
        signed(acc[0]),
        signed(acc[1]),
        signed(acc[2]),
        signed(acc[3]),
    ]
}
