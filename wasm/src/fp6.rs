//! Fp6 = Fp2[v] / (v^3 - xi), xi = 9 + u.

use crate::fp2::Fp2;
use core::ops::{Add, Mul, Neg, Sub};

/// c0 + c1*v + c2*v^2.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fp6 {
    pub c0: Fp2,
    pub c1: Fp2,
    pub c2: Fp2,
}

impl Fp6 {
    pub const ZERO: Fp6 = Fp6 {
        c0: Fp2::ZERO,
        c1: Fp2::ZERO,
        c2: Fp2::ZERO,
    };
    pub const ONE: Fp6 = Fp6 {
        c0: Fp2::ONE,
        c1: Fp2::ZERO,
        c2: Fp2::ZERO,
    };

    #[inline]
    pub fn square(&self) -> Fp6 {
        // Chung-Hasan SQR2.
        let s0 = self.c0.square();
        let ab = self.c0 * self.c1;
        let s1 = ab.double();
        let s2 = (self.c0 - self.c1 + self.c2).square();
        let bc = self.c1 * self.c2;
        let s3 = bc.double();
        let s4 = self.c2.square();
        Fp6 {
            c0: s0 + s3.mul_by_xi(),
            c1: s1 + s4.mul_by_xi(),
            c2: s1 + s2 + s3 - s0 - s4,
        }
    }

    /// Multiplication by v: (c0, c1, c2) -> (xi*c2, c0, c1).
    #[inline]
    pub fn mul_by_v(&self) -> Fp6 {
        Fp6 {
            c0: self.c2.mul_by_xi(),
            c1: self.c0,
            c2: self.c1,
        }
    }

    /// Product with b0 + b1*v (sparse).
    #[inline]
    pub fn mul_by_01(&self, b0: &Fp2, b1: &Fp2) -> Fp6 {
        let t0 = self.c0 * *b0;
        let t1 = self.c1 * *b1;
        Fp6 {
            c0: ((self.c1 + self.c2) * *b1 - t1).mul_by_xi() + t0,
            c1: (*b0 + *b1) * (self.c0 + self.c1) - t0 - t1,
            c2: (self.c0 + self.c2) * *b0 - t0 + t1,
        }
    }

    /// Product with b1*v (sparse).
    #[inline]
    pub fn mul_by_1(&self, b1: &Fp2) -> Fp6 {
        Fp6 {
            c0: (self.c2 * *b1).mul_by_xi(),
            c1: self.c0 * *b1,
            c2: self.c1 * *b1,
        }
    }

    pub fn inv(&self) -> Fp6 {
        let t0 = self.c0.square() - (self.c1 * self.c2).mul_by_xi();
        let t1 = self.c2.square().mul_by_xi() - self.c0 * self.c1;
        let t2 = self.c1.square() - self.c0 * self.c2;
        let d = self.c0 * t0 + (self.c2 * t1 + self.c1 * t2).mul_by_xi();
        let di = d.inv_rt();
        Fp6 {
            c0: t0 * di,
            c1: t1 * di,
            c2: t2 * di,
        }
    }

    #[inline]
    pub fn double(&self) -> Fp6 {
        *self + *self
    }
}

impl Add for Fp6 {
    type Output = Fp6;
    #[inline]
    fn add(self, o: Fp6) -> Fp6 {
        Fp6 {
            c0: self.c0 + o.c0,
            c1: self.c1 + o.c1,
            c2: self.c2 + o.c2,
        }
    }
}
impl Sub for Fp6 {
    type Output = Fp6;
    #[inline]
    fn sub(self, o: Fp6) -> Fp6 {
        Fp6 {
            c0: self.c0 - o.c0,
            c1: self.c1 - o.c1,
            c2: self.c2 - o.c2,
        }
    }
}
impl Neg for Fp6 {
    type Output = Fp6;
    #[inline]
    fn neg(self) -> Fp6 {
        Fp6 {
            c0: -self.c0,
            c1: -self.c1,
            c2: -self.c2,
        }
    }
}
impl Mul for Fp6 {
    type Output = Fp6;
    #[inline]
    fn mul(self, o: Fp6) -> Fp6 {
        let t0 = self.c0 * o.c0;
        let t1 = self.c1 * o.c1;
        let t2 = self.c2 * o.c2;
        Fp6 {
            c0: ((self.c1 + self.c2) * (o.c1 + o.c2) - t1 - t2).mul_by_xi() + t0,
            c1: (self.c0 + self.c1) * (o.c0 + o.c1) - t0 - t1 + t2.mul_by_xi(),
            c2: (self.c0 + self.c2) * (o.c0 + o.c2) - t0 - t2 + t1,
        }
    }
}
