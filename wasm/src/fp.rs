//! Base field Fp of BN254 with 8 x 32-bit limbs in Montgomery form (R = 2^256).
//!
//! wasm32 has no 64x64->128 multiply, so limbs are 32 bits wide and every partial
//! product fits in a u64. Multiplication is the "no-carry" CIOS variant, valid because
//! the top limb of p is below 2^31 - 1. All core routines are `const fn` so that every
//! derived constant (R^2, Frobenius coefficients, twist b, ...) is computed by the
//! compiler from p itself instead of being typed in by hand.

use core::ops::{Add, Mul, Neg, Sub};

/// Number of 32-bit limbs.
pub const N: usize = 8;

/// p, little-endian limbs.
pub const P: [u32; N] = [
    0xd87cfd47, 0x3c208c16, 0x6871ca8d, 0x97816a91, 0x8181585d, 0xb85045b6, 0xe131a029, 0x30644e72,
];

/// -p^{-1} mod 2^32 (Newton iteration on the lowest limb).
pub const INV: u32 = {
    let mut inv: u32 = 1;
    let mut i = 0;
    while i < 5 {
        inv = inv.wrapping_mul(2u32.wrapping_sub(P[0].wrapping_mul(inv)));
        i += 1;
    }
    inv.wrapping_neg()
};

#[inline(always)]
pub const fn adc(a: u32, b: u32, carry: u32) -> (u32, u32) {
    let t = a as u64 + b as u64 + carry as u64;
    (t as u32, (t >> 32) as u32)
}

#[inline(always)]
pub const fn sbb(a: u32, b: u32, borrow: u32) -> (u32, u32) {
    let t = (a as u64).wrapping_sub(b as u64 + borrow as u64);
    (t as u32, (t >> 63) as u32)
}

#[inline(always)]
pub const fn mac(acc: u32, b: u32, c: u32, carry: u32) -> (u32, u32) {
    let t = acc as u64 + (b as u64) * (c as u64) + carry as u64;
    (t as u32, (t >> 32) as u32)
}

/// Limb-wise a - b, returning the borrow (1 if a < b).
#[inline(always)]
pub const fn sub_limbs(a: &[u32; N], b: &[u32; N]) -> ([u32; N], u32) {
    let mut r = [0u32; N];
    let mut borrow = 0;
    let mut i = 0;
    while i < N {
        let (v, bo) = sbb(a[i], b[i], borrow);
        r[i] = v;
        borrow = bo;
        i += 1;
    }
    (r, borrow)
}

/// Limb-wise a + b, returning the carry.
#[inline(always)]
pub const fn add_limbs(a: &[u32; N], b: &[u32; N]) -> ([u32; N], u32) {
    let mut r = [0u32; N];
    let mut carry = 0;
    let mut i = 0;
    while i < N {
        let (v, c) = adc(a[i], b[i], carry);
        r[i] = v;
        carry = c;
        i += 1;
    }
    (r, carry)
}

/// True if a < b as 256-bit integers.
pub const fn lt_limbs(a: &[u32; N], b: &[u32; N]) -> bool {
    sub_limbs(a, b).1 == 1
}

/// Subtracts p once if t >= p (t < 2p assumed).
#[inline(always)]
pub const fn reduce_once(t: [u32; N]) -> [u32; N] {
    let (d, borrow) = sub_limbs(&t, &P);
    // borrow == 1 means t < p: keep t. Branch-free select.
    let mask = 0u32.wrapping_sub(borrow);
    let mut r = [0u32; N];
    let mut i = 0;
    while i < N {
        r[i] = (t[i] & mask) | (d[i] & !mask);
        i += 1;
    }
    r
}

/// Montgomery product a*b*R^{-1} mod p for a, b < p.
#[inline(always)]
pub const fn mont_mul(a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    let mut t = [0u32; N];
    let mut i = 0;
    while i < N {
        let bi = b[i];
        let (t0, mut hi_a) = mac(t[0], a[0], bi, 0);
        let m = t0.wrapping_mul(INV);
        let (_, mut hi_c) = mac(t0, m, P[0], 0);
        let mut j = 1;
        while j < N {
            let (tj, ca) = mac(t[j], a[j], bi, hi_a);
            hi_a = ca;
            let (tj1, cc) = mac(tj, m, P[j], hi_c);
            hi_c = cc;
            t[j - 1] = tj1;
            j += 1;
        }
        t[N - 1] = hi_c.wrapping_add(hi_a);
        i += 1;
    }
    reduce_once(t)
}

/// Montgomery product, fully unrolled with every limb in a local (the runtime path; the
/// looped `mont_mul` above is the same algorithm and serves constant evaluation).
/// Limbs are kept in u64 locals holding 32-bit values so that no widening is needed
/// before each 32x32->64 multiply.
#[inline(always)]
pub fn mont_mul_unrolled(a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    const M: u64 = 0xffff_ffff;
    let (a0, a1, a2, a3, a4, a5, a6, a7) = (
        a[0] as u64,
        a[1] as u64,
        a[2] as u64,
        a[3] as u64,
        a[4] as u64,
        a[5] as u64,
        a[6] as u64,
        a[7] as u64,
    );
    let p0 = P[0] as u64;
    let p1 = P[1] as u64;
    let p2 = P[2] as u64;
    let p3 = P[3] as u64;
    let p4 = P[4] as u64;
    let p5 = P[5] as u64;
    let p6 = P[6] as u64;
    let p7 = P[7] as u64;
    let (mut t0, mut t1, mut t2, mut t3, mut t4, mut t5, mut t6, mut t7): (
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
    ) = (0, 0, 0, 0, 0, 0, 0, 0);
    let mut s: u64;
    let mut ca: u64;
    let mut cc: u64;
    let mut m: u64;
    // round 0
    let bi = b[0] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    // round 1
    let bi = b[1] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    // round 2
    let bi = b[2] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    // round 3
    let bi = b[3] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    // round 4
    let bi = b[4] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    // round 5
    let bi = b[5] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    // round 6
    let bi = b[6] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    // round 7
    let bi = b[7] as u64;
    s = t0 + a0 * bi;
    ca = s >> 32;
    let lo = s & M;
    m = (lo as u32).wrapping_mul(INV) as u64;
    cc = (lo + m * p0) >> 32;
    s = t1 + a1 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p1 + cc;
    cc = s >> 32;
    t0 = s & M;
    s = t2 + a2 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p2 + cc;
    cc = s >> 32;
    t1 = s & M;
    s = t3 + a3 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p3 + cc;
    cc = s >> 32;
    t2 = s & M;
    s = t4 + a4 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p4 + cc;
    cc = s >> 32;
    t3 = s & M;
    s = t5 + a5 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p5 + cc;
    cc = s >> 32;
    t4 = s & M;
    s = t6 + a6 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p6 + cc;
    cc = s >> 32;
    t5 = s & M;
    s = t7 + a7 * bi + ca;
    ca = s >> 32;
    s = (s & M) + m * p7 + cc;
    cc = s >> 32;
    t6 = s & M;
    t7 = (cc + ca) & M;
    as32(reduce64([
        t0 | (t1 << 32),
        t2 | (t3 << 32),
        t4 | (t5 << 32),
        t6 | (t7 << 32),
    ]))
}

// Additions and subtractions run on 4 x 64-bit words: wasm has native i64 add/sub and
// comparisons, so carries cost far less than with 8 x 32-bit words. The 32-bit limb array
// is reinterpreted in place (wasm32 and every host we test on are little-endian).
const P64: [u64; 4] = as64(&P);

#[inline(always)]
const fn as64(a: &[u32; N]) -> [u64; 4] {
    unsafe { core::mem::transmute::<[u32; N], [u64; 4]>(*a) }
}

#[inline(always)]
const fn as32(a: [u64; 4]) -> [u32; N] {
    unsafe { core::mem::transmute::<[u64; 4], [u32; N]>(a) }
}

#[inline(always)]
const fn add64(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let (s0, c0) = a[0].overflowing_add(b[0]);
    let (t1, c1a) = a[1].overflowing_add(b[1]);
    let (s1, c1b) = t1.overflowing_add(c0 as u64);
    let (t2, c2a) = a[2].overflowing_add(b[2]);
    let (s2, c2b) = t2.overflowing_add((c1a | c1b) as u64);
    let s3 = a[3].wrapping_add(b[3]).wrapping_add((c2a | c2b) as u64);
    [s0, s1, s2, s3]
}

/// a - b and the borrow out (1 if a < b).
#[inline(always)]
const fn sub64(a: &[u64; 4], b: &[u64; 4]) -> ([u64; 4], u64) {
    let (d0, b0) = a[0].overflowing_sub(b[0]);
    let (t1, b1a) = a[1].overflowing_sub(b[1]);
    let (d1, b1b) = t1.overflowing_sub(b0 as u64);
    let (t2, b2a) = a[2].overflowing_sub(b[2]);
    let (d2, b2b) = t2.overflowing_sub((b1a | b1b) as u64);
    let (t3, b3a) = a[3].overflowing_sub(b[3]);
    let (d3, b3b) = t3.overflowing_sub((b2a | b2b) as u64);
    ([d0, d1, d2, d3], (b3a | b3b) as u64)
}

/// Subtracts p when s >= p (s < 2p).
#[inline(always)]
const fn reduce64(s: [u64; 4]) -> [u64; 4] {
    let (d, borrow) = sub64(&s, &P64);
    let m = 0u64.wrapping_sub(borrow); // all ones when s < p
    [
        (s[0] & m) | (d[0] & !m),
        (s[1] & m) | (d[1] & !m),
        (s[2] & m) | (d[2] & !m),
        (s[3] & m) | (d[3] & !m),
    ]
}

/// R^3 mod p: turns the plain inverse of a Montgomery residue back into Montgomery form.
const R3: [u32; N] = mont_mul(&R2, &R2);

#[inline(always)]
fn shr1_64(a: [u64; 4]) -> [u64; 4] {
    [
        (a[0] >> 1) | (a[1] << 63),
        (a[1] >> 1) | (a[2] << 63),
        (a[2] >> 1) | (a[3] << 63),
        a[3] >> 1,
    ]
}

/// x / 2 mod p for x < p.
#[inline(always)]
fn half_mod(x: [u64; 4]) -> [u64; 4] {
    if x[0] & 1 == 0 {
        shr1_64(x)
    } else {
        shr1_64(add64(&x, &P64)) // x + p < 2^255: no carry out
    }
}

/// x - y mod p for x, y < p.
#[inline(always)]
fn sub_mod(x: &[u64; 4], y: &[u64; 4]) -> [u64; 4] {
    let (d, borrow) = sub64(x, y);
    if borrow == 1 {
        add64(&d, &P64)
    } else {
        d
    }
}

/// Inverse by the binary extended Euclidean algorithm (variable time, several times faster
/// than Fermat's p-2 power in wasm); zero maps to zero.
pub fn inv_binary(a: &Fp) -> Fp {
    if a.is_zero() {
        return Fp::ZERO;
    }
    const ONE64: [u64; 4] = [1, 0, 0, 0];
    // Invariants: x1 * A = u and x2 * A = v (mod p), with A the Montgomery residue a*R.
    let mut u = as64(&a.0);
    let mut v = P64;
    let mut x1 = ONE64;
    let mut x2 = [0u64; 4];
    while u != ONE64 && v != ONE64 {
        while u[0] & 1 == 0 {
            u = shr1_64(u);
            x1 = half_mod(x1);
        }
        while v[0] & 1 == 0 {
            v = shr1_64(v);
            x2 = half_mod(x2);
        }
        let (d, borrow) = sub64(&u, &v);
        if borrow == 0 {
            u = d;
            x1 = sub_mod(&x1, &x2);
        } else {
            v = sub64(&v, &u).0;
            x2 = sub_mod(&x2, &x1);
        }
    }
    let r = if u == ONE64 { x1 } else { x2 }; // (a R)^{-1} as a plain integer
    Fp(mont_mul_unrolled(&as32(r), &R3)) // r * R^3 / R = a^{-1} R
}

/// 9a + c mod p for a < p and c <= p, with a single quotient-estimate reduction instead of
/// the four modular additions of 8a + a (the multiply-by-xi hot path of the tower).
#[inline(always)]
fn mul9_add(a: &[u64; 4], c: &[u64; 4]) -> [u64; 4] {
    // t = 8a + a + c as five words (t < 10p < 2^258).
    let a8 = [
        a[0] << 3,
        (a[1] << 3) | (a[0] >> 61),
        (a[2] << 3) | (a[1] >> 61),
        (a[3] << 3) | (a[2] >> 61),
    ];
    let a8_top = a[3] >> 61;
    let s = add64(&a8, a);
    let c1 = lt64(&s, a) as u64; // carry out of the 256-bit sum
    let t = add64(&s, c);
    let c2 = lt64(&t, &s) as u64;
    let top = a8_top + c1 + c2;
    // Estimate q = floor(t / p) from the top bits; the estimate is q or q - 1.
    let head = (top << 32) | (t[3] >> 32);
    let q = head / ((P64[3] >> 32) + 1);
    // t -= q * p
    let mut qp = [0u64; 4];
    let mut carry = 0u64;
    let mut i = 0;
    while i < 4 {
        let lo = (P64[i] & 0xffff_ffff) * q + carry;
        let hi = (P64[i] >> 32) * q + (lo >> 32);
        qp[i] = (lo & 0xffff_ffff) | (hi << 32);
        carry = hi >> 32;
        i += 1;
    }
    let (d, _) = sub64(&t, &qp); // exact: the true difference is below 2p < 2^256
    reduce64(d)
}

#[inline(always)]
fn lt64(a: &[u64; 4], b: &[u64; 4]) -> bool {
    sub64(a, b).1 == 1
}

impl Fp {
    /// 9*self + o.
    #[inline(always)]
    pub fn mul9_plus(&self, o: &Fp) -> Fp {
        Fp(as32(mul9_add(&as64(&self.0), &as64(&o.0))))
    }

    /// 9*self - o.
    #[inline(always)]
    pub fn mul9_minus(&self, o: &Fp) -> Fp {
        let (d, _) = sub64(&P64, &as64(&o.0)); // p - o, in (0, p]
        Fp(as32(mul9_add(&as64(&self.0), &d)))
    }
}

/// A field element in Montgomery form, always fully reduced (< p).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fp(pub [u32; N]);

/// 2^512 mod p, used to enter Montgomery form.
const R2: [u32; N] = {
    let mut x = [0u32; N];
    x[0] = 1;
    let mut i = 0;
    while i < 512 {
        let (d, _) = add_limbs(&x, &x);
        x = reduce_once(d);
        i += 1;
    }
    x
};

impl Fp {
    pub const ZERO: Fp = Fp([0; N]);
    pub const ONE: Fp = Fp::from_raw([1, 0, 0, 0, 0, 0, 0, 0]);

    /// Converts a canonical integer (< p, little-endian limbs) to Montgomery form.
    pub const fn from_raw(v: [u32; N]) -> Fp {
        Fp(mont_mul(&v, &R2))
    }

    /// Small integer constant.
    pub const fn from_u32(v: u32) -> Fp {
        Fp::from_raw([v, 0, 0, 0, 0, 0, 0, 0])
    }

    /// The canonical integer (little-endian limbs).
    pub const fn to_raw(&self) -> [u32; N] {
        mont_mul(&self.0, &[1, 0, 0, 0, 0, 0, 0, 0])
    }

    /// Parses 32 big-endian bytes; None if the integer is >= p.
    pub fn from_be_bytes(b: &[u8; 32]) -> Option<Fp> {
        let raw = limbs_from_be(b);
        if !lt_limbs(&raw, &P) {
            return None;
        }
        Some(Fp::from_raw(raw))
    }

    /// Parses 32 big-endian bytes reducing modulo p (any 256-bit value accepted).
    pub fn from_be_bytes_reduce(b: &[u8; 32]) -> Fp {
        let mut raw = limbs_from_be(b);
        while !lt_limbs(&raw, &P) {
            raw = sub_limbs(&raw, &P).0;
        }
        Fp::from_raw(raw)
    }

    /// 32 big-endian bytes of the canonical integer.
    pub fn to_be_bytes(&self) -> [u8; 32] {
        limbs_to_be(&self.to_raw())
    }

    #[inline(always)]
    pub const fn cadd(&self, o: &Fp) -> Fp {
        // p < 2^254, so the sum never carries out of 256 bits.
        Fp(as32(reduce64(add64(&as64(&self.0), &as64(&o.0)))))
    }

    #[inline(always)]
    pub const fn csub(&self, o: &Fp) -> Fp {
        let (d, borrow) = sub64(&as64(&self.0), &as64(&o.0));
        let m = 0u64.wrapping_sub(borrow);
        let pm = [P64[0] & m, P64[1] & m, P64[2] & m, P64[3] & m];
        Fp(as32(add64(&d, &pm)))
    }

    #[inline(always)]
    pub const fn cneg(&self) -> Fp {
        Fp::ZERO.csub(self)
    }

    /// Product for constant evaluation.
    #[inline(always)]
    pub const fn cmul(&self, o: &Fp) -> Fp {
        Fp(mont_mul(&self.0, &o.0))
    }

    /// Product at run time (unrolled).
    #[inline(never)]
    pub fn mul_rt(&self, o: &Fp) -> Fp {
        Fp(mont_mul_unrolled(&self.0, &o.0))
    }

    #[inline(always)]
    pub fn square(&self) -> Fp {
        self.mul_rt(self)
    }

    #[inline(always)]
    pub fn double(&self) -> Fp {
        self.cadd(self)
    }

    #[inline(always)]
    pub fn is_zero(&self) -> bool {
        let mut acc = 0;
        for l in self.0 {
            acc |= l;
        }
        acc == 0
    }

    /// self^e with e given as little-endian 32-bit limbs (left-to-right binary method).
    pub const fn cpow(&self, e: &[u32]) -> Fp {
        let mut r = Fp::ONE;
        let mut i = e.len();
        while i > 0 {
            i -= 1;
            let mut bit = 32;
            while bit > 0 {
                bit -= 1;
                r = r.cmul(&r);
                if (e[i] >> bit) & 1 == 1 {
                    r = r.cmul(self);
                }
            }
        }
        r
    }

    /// Multiplicative inverse (Fermat); zero maps to zero.
    pub const fn cinv(&self) -> Fp {
        self.cpow(&P_MINUS_2)
    }

    /// The candidate square root self^((p+1)/4) (p = 3 mod 4); caller checks it squares back.
    pub fn sqrt_candidate(&self) -> Fp {
        self.pow_window(&P_PLUS_1_DIV_4)
    }

    /// self^e at run time with a fixed 4-bit window (about 25% fewer multiplications
    /// than the binary method used for constants).
    pub fn pow_window(&self, e: &[u32; N]) -> Fp {
        let mut table = [Fp::ONE; 16];
        for i in 1..16 {
            table[i] = table[i - 1] * *self;
        }
        let mut r = Fp::ONE;
        let mut started = false;
        for i in (0..N).rev() {
            for nib in (0..8).rev() {
                let w = (e[i] >> (4 * nib)) & 15;
                if started {
                    r = r.square().square().square().square();
                }
                if w != 0 {
                    r = if started {
                        r * table[w as usize]
                    } else {
                        table[w as usize]
                    };
                    started = true;
                }
            }
        }
        r
    }

    /// Legendre-style parity helper: true when the canonical integer is odd.
    pub fn is_odd(&self) -> bool {
        self.to_raw()[0] & 1 == 1
    }
}

/// p - 2.
pub const P_MINUS_2: [u32; N] = sub_limbs(&P, &[2, 0, 0, 0, 0, 0, 0, 0]).0;
/// (p + 1) / 4.
pub const P_PLUS_1_DIV_4: [u32; N] = shr_limbs(&add_limbs(&P, &[1, 0, 0, 0, 0, 0, 0, 0]).0, 2);

/// Logical right shift by `s` < 32 bits.
pub const fn shr_limbs(a: &[u32; N], s: u32) -> [u32; N] {
    let mut r = [0u32; N];
    let mut i = 0;
    while i < N {
        let hi = if i + 1 < N { a[i + 1] } else { 0 };
        r[i] = if s == 0 {
            a[i]
        } else {
            (a[i] >> s) | (hi << (32 - s))
        };
        i += 1;
    }
    r
}

/// Division of a multi-limb integer by a small divisor (quotient only).
pub const fn div_small(a: &[u32; N], d: u32) -> [u32; N] {
    let mut q = [0u32; N];
    let mut rem: u64 = 0;
    let mut i = N;
    while i > 0 {
        i -= 1;
        let cur = (rem << 32) | a[i] as u64;
        q[i] = (cur / d as u64) as u32;
        rem = cur % d as u64;
    }
    q
}

/// Big-endian 32 bytes to little-endian limbs.
pub fn limbs_from_be(b: &[u8; 32]) -> [u32; N] {
    let mut r = [0u32; N];
    for (i, l) in r.iter_mut().enumerate() {
        let o = 32 - 4 * (i + 1);
        *l = u32::from_be_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]);
    }
    r
}

/// Little-endian limbs to big-endian 32 bytes.
pub fn limbs_to_be(l: &[u32; N]) -> [u8; 32] {
    let mut r = [0u8; 32];
    for (i, v) in l.iter().enumerate() {
        let o = 32 - 4 * (i + 1);
        r[o..o + 4].copy_from_slice(&v.to_be_bytes());
    }
    r
}

impl Add for Fp {
    type Output = Fp;
    #[inline(always)]
    fn add(self, o: Fp) -> Fp {
        self.cadd(&o)
    }
}
impl Sub for Fp {
    type Output = Fp;
    #[inline(always)]
    fn sub(self, o: Fp) -> Fp {
        self.csub(&o)
    }
}
impl Mul for Fp {
    type Output = Fp;
    #[inline(always)]
    fn mul(self, o: Fp) -> Fp {
        self.mul_rt(&o)
    }
}
impl Neg for Fp {
    type Output = Fp;
    #[inline(always)]
    fn neg(self) -> Fp {
        self.cneg()
    }
}
