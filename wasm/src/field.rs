//! The small interface the generic curve code needs from Fp and Fp2.

use crate::fp::Fp;
use crate::fp2::Fp2;
use core::ops::{Add, Mul, Neg, Sub};

/// A field usable as the coordinate field of a short Weierstrass curve y^2 = x^3 + b.
pub trait Field:
    Copy + PartialEq + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Neg<Output = Self>
{
    const ZERO: Self;
    const ONE: Self;
    fn square(&self) -> Self;
    fn double(&self) -> Self;
    fn is_zero(&self) -> bool;
    /// Inverse; zero maps to zero.
    fn inv(&self) -> Self;
}

impl Field for Fp {
    const ZERO: Fp = Fp::ZERO;
    const ONE: Fp = Fp::ONE;
    #[inline(always)]
    fn square(&self) -> Fp {
        Fp::square(self)
    }
    #[inline(always)]
    fn double(&self) -> Fp {
        Fp::double(self)
    }
    #[inline(always)]
    fn is_zero(&self) -> bool {
        Fp::is_zero(self)
    }
    fn inv(&self) -> Fp {
        crate::fp::inv_binary(self)
    }
}

impl Field for Fp2 {
    const ZERO: Fp2 = Fp2::ZERO;
    const ONE: Fp2 = Fp2::ONE;
    #[inline(always)]
    fn square(&self) -> Fp2 {
        Fp2::square(self)
    }
    #[inline(always)]
    fn double(&self) -> Fp2 {
        Fp2::double(self)
    }
    #[inline(always)]
    fn is_zero(&self) -> bool {
        Fp2::is_zero(self)
    }
    fn inv(&self) -> Fp2 {
        self.inv_rt()
    }
}
