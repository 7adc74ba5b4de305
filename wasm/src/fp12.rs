//! Fp12 = Fp6[w] / (w^2 - v). Seen over Fp2 the basis is w^0..w^5 with
//! c0 = (w^0, w^2, w^4) and c1 = (w^1, w^3, w^5).

use crate::fp::{div_small, sub_limbs, P};
use crate::fp2::{Fp2, XI};
use crate::fp6::Fp6;
use core::ops::Mul;

/// c0 + c1*w.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fp12 {
    pub c0: Fp6,
    pub c1: Fp6,
}

/// gamma^i for i = 0..5 with gamma = xi^((p-1)/6): (a w^i)^p = conj(a) gamma^i w^i.
pub const FROB_GAMMA: [Fp2; 6] = {
    let e = div_small(&sub_limbs(&P, &[1, 0, 0, 0, 0, 0, 0, 0]).0, 6);
    let g = XI.cpow(&e);
    let mut out = [Fp2::ONE; 6];
    let mut i = 1;
    while i < 6 {
        out[i] = out[i - 1].cmul(&g);
        i += 1;
    }
    out
};

impl Fp12 {
    pub const ONE: Fp12 = Fp12 {
        c0: Fp6::ONE,
        c1: Fp6::ZERO,
    };

    #[inline]
    pub fn square(&self) -> Fp12 {
        let ab = self.c0 * self.c1;
        let c0 = (self.c0 + self.c1) * (self.c0 + self.c1.mul_by_v()) - ab - ab.mul_by_v();
        Fp12 {
            c0,
            c1: ab.double(),
        }
    }

    /// Conjugation (the p^6 Frobenius); equals the inverse in the cyclotomic subgroup.
    #[inline]
    pub fn conj(&self) -> Fp12 {
        Fp12 {
            c0: self.c0,
            c1: -self.c1,
        }
    }

    pub fn inv(&self) -> Fp12 {
        let t = (self.c0.square() - self.c1.square().mul_by_v()).inv();
        Fp12 {
            c0: self.c0 * t,
            c1: -(self.c1 * t),
        }
    }

    /// Multiplies by a line value a + b*w + c*w^3 (positions 0, 3, 4 of the tower).
    #[inline]
    pub fn mul_by_034(&self, a: &Fp2, b: &Fp2, c: &Fp2) -> Fp12 {
        // (x0 + x1 w)(A + B w) with A = a (in Fp2 ⊂ Fp6) and B = b + c v.
        let t0 = Fp6 {
            c0: self.c0.c0 * *a,
            c1: self.c0.c1 * *a,
            c2: self.c0.c2 * *a,
        };
        let t1 = self.c1.mul_by_01(b, c);
        let s = (self.c0 + self.c1).mul_by_01(&(*a + *b), c);
        Fp12 {
            c0: t0 + t1.mul_by_v(),
            c1: s - t0 - t1,
        }
    }

    /// Multiplies by a line value 1 + b*w + c*w^3 (a unit line).
    #[inline]
    pub fn mul_by_034_unit(&self, b: &Fp2, c: &Fp2) -> Fp12 {
        // (x0 + x1 w)(1 + B w), B = b + c v: x0 + x1 B v + (x1 + x0 B) w.
        let t1 = self.c1.mul_by_01(b, c);
        let t0 = self.c0.mul_by_01(b, c);
        Fp12 {
            c0: self.c0 + t1.mul_by_v(),
            c1: self.c1 + t0,
        }
    }

    /// The p-power Frobenius map.
    pub fn frobenius(&self) -> Fp12 {
        let g = &FROB_GAMMA;
        Fp12 {
            c0: Fp6 {
                c0: self.c0.c0.conj(),
                c1: self.c0.c1.conj() * g[2],
                c2: self.c0.c2.conj() * g[4],
            },
            c1: Fp6 {
                c0: self.c1.c0.conj() * g[1],
                c1: self.c1.c1.conj() * g[3],
                c2: self.c1.c2.conj() * g[5],
            },
        }
    }

    /// Granger-Scott squaring, valid only in the cyclotomic subgroup.
    /// View as A + B w + C w^2 over Fp4 = Fp2[y]/(y^2 - xi), y = w^3.
    #[inline]
    pub fn cyclotomic_square(&self) -> Fp12 {
        let (z0, z4, z3) = (self.c0.c0, self.c0.c1, self.c0.c2);
        let (z2, z1, z5) = (self.c1.c0, self.c1.c1, self.c1.c2);
        // Fp4 squaring (a + b y)^2 = (a^2 + xi b^2) + 2ab y.
        // Three Fp2 squarings and a single multiplication by xi.
        let fp4_sq = |a: Fp2, b: Fp2| -> (Fp2, Fp2) {
            let a2 = a.square();
            let b2 = b.square();
            (a2 + b2.mul_by_xi(), (a + b).square() - a2 - b2)
        };
        let (t0, t1) = fp4_sq(z0, z1);
        let (t2, t3) = fp4_sq(z2, z3);
        let (t4, t5) = fp4_sq(z4, z5);
        let three_minus_two = |t: Fp2, z: Fp2| (t - z).double() + t;
        let three_plus_two = |t: Fp2, z: Fp2| (t + z).double() + t;
        Fp12 {
            c0: Fp6 {
                c0: three_minus_two(t0, z0),
                c1: three_minus_two(t2, z4),
                c2: three_minus_two(t4, z3),
            },
            c1: Fp6 {
                c0: three_plus_two(t5.mul_by_xi(), z2),
                c1: three_plus_two(t1, z1),
                c2: three_plus_two(t3, z5),
            },
        }
    }

    pub fn is_one(&self) -> bool {
        *self == Fp12::ONE
    }
}

impl Mul for Fp12 {
    type Output = Fp12;
    #[inline]
    fn mul(self, o: Fp12) -> Fp12 {
        let t0 = self.c0 * o.c0;
        let t1 = self.c1 * o.c1;
        let c1 = (self.c0 + self.c1) * (o.c0 + o.c1) - t0 - t1;
        Fp12 {
            c0: t0 + t1.mul_by_v(),
            c1,
        }
    }
}
