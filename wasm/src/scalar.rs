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
