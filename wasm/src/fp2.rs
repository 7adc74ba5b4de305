//! Fp2 = Fp[u] / (u^2 + 1).

use crate::fp::{Fp, N};
use core::ops::{Add, Mul, Neg, Sub};

/// c0 + c1*u.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fp2 {
    pub c0: Fp,
    pub c1: Fp,
}

impl Fp2 {
    pub const ZERO: Fp2 = Fp2 {
        c0: Fp::ZERO,
        c1: Fp::ZERO,
    };
    pub const ONE: Fp2 = Fp2 {
        c0: Fp::ONE,
        c1: Fp::ZERO,
    };

    pub const fn new(c0: Fp, c1: Fp) -> Fp2 {
        Fp2 { c0, c1 }
    }

    #[inline]
    pub const fn cadd(&self, o: &Fp2) -> Fp2 {
        Fp2 {
            c0: self.c0.cadd(&o.c0),
            c1: self.c1.cadd(&o.c1),
        }
    }

    #[inline]
    pub const fn csub(&self, o: &Fp2) -> Fp2 {
        Fp2 {
            c0: self.c0.csub(&o.c0),
            c1: self.c1.csub(&o.c1),
        }
    }

    /// Karatsuba: 3 base multiplications (constant evaluation).
    pub const fn cmul(&self, o: &Fp2) -> Fp2 {
        let aa = self.c0.cmul(&o.c0);
        let bb = self.c1.cmul(&o.c1);
        let s = self.c0.cadd(&self.c1).cmul(&o.c0.cadd(&o.c1));
        Fp2 {
            c0: aa.csub(&bb),
            c1: s.csub(&aa).csub(&bb),
        }
    }

    /// Product at run time: Karatsuba on unreduced limb products, each coordinate reduced once.
    #[inline]
    pub fn mul_rt(&self, o: &Fp2) -> Fp2 {
        // Karatsuba on unreduced limb products, two reductions (see `mont_mul_fp2`).
        let (c0, c1) = Fp::fp2_product(&self.c0, &self.c1, &o.c0, &o.c1);
        Fp2 { c0, c1 }
    }

    /// (a + bu)^2 = (a+b)(a-b) + 2ab u.
    #[inline]
    pub const fn csquare(&self) -> Fp2 {
        let ab = self.c0.cmul(&self.c1);
        Fp2 {
            c0: self.c0.cadd(&self.c1).cmul(&self.c0.csub(&self.c1)),
            c1: ab.cadd(&ab),
        }
    }

    /// (a + bu)^2 = (a+b)(a-b) + 2ab u on unreduced limb products (see `mont_sqr_fp2`).
    #[inline]
    pub fn square(&self) -> Fp2 {
        let (c0, c1) = Fp::fp2_square(&self.c0, &self.c1);
        Fp2 { c0, c1 }
    }

    #[inline]
    pub fn double(&self) -> Fp2 {
        self.cadd(self)
    }

    #[inline]
    pub fn is_zero(&self) -> bool {
        self.c0.is_zero() && self.c1.is_zero()
    }

    #[inline]
    pub const fn conj(&self) -> Fp2 {
        Fp2 {
            c0: self.c0,
            c1: self.c1.cneg(),
        }
    }

    #[inline]
    pub fn mul_fp(&self, f: &Fp) -> Fp2 {
        Fp2 {
            c0: self.c0 * *f,
            c1: self.c1 * *f,
        }
    }

    /// Multiplication by the sextic non-residue xi = 9 + u:
    /// (a + bu)(9 + u) = (9a - b) + (a + 9b)u.
    #[inline]
    pub fn mul_by_xi(&self) -> Fp2 {
        Fp2 {
            c0: self.c0.mul9_minus(&self.c1),
            c1: self.c1.mul9_plus(&self.c0),
        }
    }

    /// (a + bu)^{-1} = (a - bu) / (a^2 + b^2).
    pub const fn cinv(&self) -> Fp2 {
        let t = self.c0.cmul(&self.c0).cadd(&self.c1.cmul(&self.c1)).cinv();
        Fp2 {
            c0: self.c0.cmul(&t),
            c1: self.c1.cmul(&t).cneg(),
        }
    }

    /// Run-time inverse (binary-GCD base-field inversion); zero maps to zero.
    pub fn inv_rt(&self) -> Fp2 {
        let t = crate::fp::inv_binary(&(self.c0.square() + self.c1.square()));
        Fp2 {
            c0: self.c0 * t,
            c1: -(self.c1 * t),
        }
    }

    /// self^e, e little-endian 32-bit limbs.
    pub const fn cpow(&self, e: &[u32; N]) -> Fp2 {
        let mut r = Fp2::ONE;
        let mut i = N;
        while i > 0 {
            i -= 1;
            let mut bit = 32;
            while bit > 0 {
                bit -= 1;
                r = r.csquare();
                if (e[i] >> bit) & 1 == 1 {
                    r = r.cmul(self);
                }
            }
        }
        r
    }
}

/// The sextic non-residue xi = 9 + u defining the tower and the twist.
pub const XI: Fp2 = Fp2 {
    c0: Fp::from_u32(9),
    c1: Fp::ONE,
};

impl Add for Fp2 {
    type Output = Fp2;
    #[inline]
    fn add(self, o: Fp2) -> Fp2 {
        self.cadd(&o)
    }
}
impl Sub for Fp2 {
    type Output = Fp2;
    #[inline]
    fn sub(self, o: Fp2) -> Fp2 {
        self.csub(&o)
    }
}
impl Mul for Fp2 {
    type Output = Fp2;
    #[inline]
    fn mul(self, o: Fp2) -> Fp2 {
        self.mul_rt(&o)
    }
}
impl Neg for Fp2 {
    type Output = Fp2;
    #[inline]
    fn neg(self) -> Fp2 {
        Fp2 {
            c0: -self.c0,
            c1: -self.c1,
        }
    }
}
