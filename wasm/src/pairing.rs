//! Optimal ate pairing on BN254: multi-Miller loop over precomputed line coefficients
//! and a single final exponentiation.

use crate::fp::Fp;
use crate::fp12::Fp12;
use crate::fp2::Fp2;
use crate::g1::G1Affine;
use crate::g2::{psi_affine, G2Affine, BN_X, B_TWIST};

/// NAF of 6x+2, least significant digit first.
const ATE_NAF_FULL: ([i8; 70], usize) = {
    let mut v: u128 = 6 * (BN_X as u128) + 2;
    let mut out = [0i8; 70];
    let mut i = 0;
    while v > 0 {
        let mut d: i8 = 0;
        if v & 1 == 1 {
            d = if v & 3 == 1 { 1 } else { -1 };
            if d == 1 {
                v -= 1;
            } else {
                v += 1;
            }
        }
        out[i] = d;
        v >>= 1;
        i += 1;
    }
    (out, i)
};
const ATE_NAF: [i8; 70] = ATE_NAF_FULL.0;
const ATE_LEN: usize = ATE_NAF_FULL.1;

/// Number of line functions per G2 point: one per doubling, one per non-zero digit,
/// plus the two Frobenius additions at the end.
pub const NUM_LINES: usize = {
    let mut n = ATE_LEN - 1 + 2;
    let mut i = 0;
    while i < ATE_LEN - 1 {
        if ATE_NAF[i] != 0 {
            n += 1;
        }
        i += 1;
    }
    n
};

/// A line l = a*yP + b*xP*w + c*w^3 with the P-independent coefficients (a, b, c).
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub a: Fp2,
    pub b: Fp2,
    pub c: Fp2,
}

/// Line coefficients of one G2 point for the whole Miller loop.
#[derive(Clone, Copy)]
pub struct G2Prepared {
    pub lines: [Line; NUM_LINES],
    pub inf: bool,
    /// Every line divided by its `a` coefficient (a = 1), see `normalized`.
    pub unit: bool,
}

const TWO_INV: Fp = Fp::from_u32(2).cinv();
const B3_TWIST: Fp2 = B_TWIST.cadd(&B_TWIST).cadd(&B_TWIST);

/// Homogeneous projective point on the twist (x = X/Z, y = Y/Z).
struct Proj {
    x: Fp2,
    y: Fp2,
    z: Fp2,
}

impl Proj {
    /// Doubles in place and returns the tangent line (scaled by an Fp2 factor).
    fn double_step(&mut self) -> Line {
        let a = (self.x * self.y).mul_fp(&TWO_INV);
        let b = self.y.square();
        let c = self.z.square();
        let e = B3_TWIST * c;
        let f = e.double() + e;
        let g = (b + f).mul_fp(&TWO_INV);
        let h = (self.y + self.z).square() - (b + c);
        let i = e - b;
        let j = self.x.square();
        let e2 = e.square();
        self.x = a * (b - f);
        self.y = g.square() - (e2.double() + e2);
        self.z = b * h;
        Line {
            a: -h,
            b: j.double() + j,
            c: i,
        }
    }

    /// Adds the affine point q in place and returns the chord line.
    fn add_step(&mut self, q: &G2Affine) -> Line {
        let theta = self.y - q.y * self.z;
        let lambda = self.x - q.x * self.z;
        let c = theta.square();
        let d = lambda.square();
        let e = lambda * d;
        let f = self.z * c;
        let g = self.x * d;
        let h = e + f - g.double();
        self.x = lambda * h;
        self.y = theta * (g - h) - e * self.y;
        self.z = self.z * e;
        let j = theta * q.x - lambda * q.y;
        Line {
            a: lambda,
            b: -theta,
            c: j,
        }
    }
}

impl G2Prepared {
    /// An all-zero placeholder for static caches (all-zero so it costs no data segment).
    /// Never a valid entry: zero lines make the Miller value 0, which never checks as 1.
    pub const EMPTY: G2Prepared = G2Prepared {
        lines: [Line {
            a: Fp2::ZERO,
            b: Fp2::ZERO,
            c: Fp2::ZERO,
        }; NUM_LINES],
        inf: false,
        unit: false,
    };

    /// Runs the Miller-loop point arithmetic of q once and records every line.
    pub fn new(q: &G2Affine) -> G2Prepared {
        let zero = Line {
            a: Fp2::ZERO,
            b: Fp2::ZERO,
            c: Fp2::ZERO,
        };
        let mut out = G2Prepared {
            lines: [zero; NUM_LINES],
            inf: q.inf,
            unit: false,
        };
        if q.inf {
            return out;
        }
        let neg_q = q.neg();
        let mut t = Proj {
            x: q.x,
            y: q.y,
            z: Fp2::ONE,
        };
        let mut k = 0;
        for i in (0..ATE_LEN - 1).rev() {
            out.lines[k] = t.double_step();
            k += 1;
            match ATE_NAF[i] {
                1 => {
                    out.lines[k] = t.add_step(q);
                    k += 1;
                }
                -1 => {
                    out.lines[k] = t.add_step(&neg_q);
                    k += 1;
                }
                _ => {}
            }
        }
        let q1 = psi_affine(q);
        let q2 = psi_affine(&q1).neg();
        out.lines[k] = t.add_step(&q1);
        out.lines[k + 1] = t.add_step(&q2);
        out
    }
}

impl G2Prepared {
    /// The same lines scaled by 1/a (an Fp2 factor, removed by the final exponentiation),
    /// so that each later line multiplication skips the a-term: worth it for cached lines.
    /// Uses one batch inversion. The a's of a point of order r are never zero; if one were,
    /// all lines would become zero and the pairing check would simply fail.
    pub fn normalized(&self) -> G2Prepared {
        let mut out = *self;
        if self.inf || self.unit {
            return out;
        }
        let mut prefix = [Fp2::ONE; NUM_LINES];
        let mut acc = Fp2::ONE;
        for (i, l) in self.lines.iter().enumerate() {
            prefix[i] = acc;
            acc = acc * l.a;
        }
        let mut inv = acc.inv_rt();
        for i in (0..NUM_LINES).rev() {
            let a_inv = inv * prefix[i];
            inv = inv * self.lines[i].a;
            out.lines[i] = Line {
                a: Fp2::ONE,
                b: self.lines[i].b * a_inv,
                c: self.lines[i].c * a_inv,
            };
        }
        out.unit = true;
        out
    }
}

/// How a line is evaluated at one G1 point.
#[derive(Clone, Copy)]
enum Eval {
    /// l(P) = a yP + b xP w + c w^3.
    Plain(Fp, Fp),
    /// For unit lines, l(P)/yP = 1 + b (xP/yP) w + c (1/yP) w^3.
    Unit(Fp, Fp),
}

#[inline(always)]
fn ell(f: &Fp12, l: &Line, e: &Eval) -> Fp12 {
    match e {
        Eval::Plain(x, y) => f.mul_by_034(&l.a.mul_fp(y), &l.b.mul_fp(x), &l.c),
        Eval::Unit(xy, y_inv) => f.mul_by_034_unit(&l.b.mul_fp(xy), &l.c.mul_fp(y_inv)),
    }
}

/// Most pairs one Miller loop takes (callers chunk larger products).
pub const MAX_PAIRS: usize = 8;

/// Product of Miller-loop values f_{6x+2,Q}(P) for all pairs (at most MAX_PAIRS), sharing
/// the squarings. Pairs with an identity point contribute 1.
pub fn multi_miller_loop(pairs: &[(&G1Affine, &G2Prepared)]) -> Fp12 {
    let mut live: [(Eval, &G2Prepared); MAX_PAIRS] =
        [(Eval::Plain(Fp::ZERO, Fp::ZERO), &EMPTY_LINES); MAX_PAIRS];
    let mut n = 0;
    for (p, q) in pairs.iter().take(MAX_PAIRS) {
        if p.inf || q.inf {
            continue;
        }
        let e = if q.unit {
            let y_inv = crate::fp::inv_binary(&p.y);
            Eval::Unit(p.x * y_inv, y_inv)
        } else {
            Eval::Plain(p.x, p.y)
        };
        live[n] = (e, q);
        n += 1;
    }
    let live = &live[..n];
    let mut f = Fp12::ONE;
    let mut k = 0;
    for i in (0..ATE_LEN - 1).rev() {
        if i != ATE_LEN - 2 {
            f = f.square();
        }
        for (e, q) in live {
            f = ell(&f, &q.lines[k], e);
        }
        k += 1;
        if ATE_NAF[i] != 0 {
            for (e, q) in live {
                f = ell(&f, &q.lines[k], e);
            }
            k += 1;
        }
    }
    for _ in 0..2 {
        for (e, q) in live {
            f = ell(&f, &q.lines[k], e);
        }
        k += 1;
    }
    f
}

static EMPTY_LINES: G2Prepared = G2Prepared::EMPTY;

/// Width-4 NAF of the BN parameter x, least significant digit first: 14 non-zero odd
/// digits in {±1, ±3, ±5, ±7} instead of 28 ones in binary (negative digits cost a
/// conjugation, which is the inverse in the cyclotomic subgroup).
const X_WNAF: ([i8; 66], usize) = {
    let mut v: u64 = BN_X;
    let mut out = [0i8; 66];
    let mut i = 0;
    while v > 0 {
        let mut d: i8 = 0;
        if v & 1 == 1 {
            let m = (v & 15) as i8;
            d = if m >= 8 { m - 16 } else { m };
            if d > 0 {
                v -= d as u64;
            } else {
                v += (-d) as u64;
            }
        }
        out[i] = d;
        v >>= 1;
        i += 1;
    }
    (out, i)
};

/// f^x in the cyclotomic subgroup (cyclotomic squarings, odd powers f, f^3, f^5, f^7).
fn cyclotomic_exp_x(f: &Fp12) -> Fp12 {
    let (digits, len) = X_WNAF;
    let f2 = f.cyclotomic_square();
    let mut odd = [*f; 4];
    for i in 1..4 {
        odd[i] = odd[i - 1] * f2;
    }
    let top = digits[len - 1];
    let mut r = odd[(top >> 1) as usize];
    for i in (0..len - 1).rev() {
        r = r.cyclotomic_square();
        let d = digits[i];
        if d > 0 {
            r = r * odd[(d >> 1) as usize];
        } else if d < 0 {
            r = r * odd[((-d) >> 1) as usize].conj();
        }
    }
    r
}

/// f^k for a small public k, cyclotomic subgroup only.
fn cyclotomic_pow_small(f: &Fp12, k: u32) -> Fp12 {
    let mut r = *f;
    for i in (0..(31 - k.leading_zeros())).rev() {
        r = r.cyclotomic_square();
        if (k >> i) & 1 == 1 {
            r = r * *f;
        }
    }
    r
}

/// Final exponentiation f^((p^12-1)/r), exactly (no extra cofactor).
///
/// Easy part f^((p^6-1)(p^2+1)); hard part (p^4-p^2+1)/r written in base p as
/// l0 + l1 p + l2 p^2 + l3 p^3 with l3 = 1, l2 = 6x^2+1, l1 = -36x^3-18x^2-12x+1,
/// l0 = -36x^3-30x^2-18x-2, evaluated with three exponentiations by x.
pub fn final_exponentiation(f: &Fp12) -> Fp12 {
    let f1 = f.conj() * f.inv();
    let m = f1.frobenius().frobenius() * f1;

    let fx = cyclotomic_exp_x(&m);
    let fx2 = cyclotomic_exp_x(&fx);
    let fx3 = cyclotomic_exp_x(&fx2);

    // Shared chains: a = (fx3^2 fx2)^18 = m^(36x^3 + 18x^2), and fx2^12 = (fx2^6)^2.
    let a = cyclotomic_pow_small(&(fx3.cyclotomic_square() * fx2), 18);
    let fx6 = cyclotomic_pow_small(&fx, 6);
    let b = fx6.cyclotomic_square(); // fx^12
    let fx2_6 = cyclotomic_pow_small(&fx2, 6);
    let fx2_12 = fx2_6.cyclotomic_square();
    let m2 = m.cyclotomic_square();

    let l0 = (a * fx2_12 * b * fx6 * m2).conj();
    let l1 = (a * b).conj() * m;
    let l2 = fx2_6 * m;
    l0 * l1.frobenius() * l2.frobenius().frobenius() * m.frobenius().frobenius().frobenius()
}

/// e(P, Q).
pub fn pairing(p: &G1Affine, q: &G2Affine) -> Fp12 {
    let qp = G2Prepared::new(q);
    final_exponentiation(&multi_miller_loop(&[(p, &qp)]))
}
