//! Generic short Weierstrass arithmetic (y^2 = x^3 + b, a = 0) in Jacobian coordinates,
//! shared by G1 (over Fp) and G2 (over Fp2).

use crate::field::Field;

/// Curve parameters: the coordinate field and b.
pub trait Curve: Copy {
    type F: Field;
    const B: Self::F;
}

/// Affine point; `inf` marks the identity (coordinates then meaningless).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Affine<C: Curve> {
    pub x: C::F,
    pub y: C::F,
    pub inf: bool,
}

/// Jacobian point (X/Z^2, Y/Z^3); Z = 0 is the identity.
#[derive(Clone, Copy, Debug)]
pub struct Jacobian<C: Curve> {
    pub x: C::F,
    pub y: C::F,
    pub z: C::F,
}

impl<C: Curve> Affine<C> {
    pub const IDENTITY: Self = Affine {
        x: C::F::ZERO,
        y: C::F::ZERO,
        inf: true,
    };

    pub fn new(x: C::F, y: C::F) -> Self {
        Affine { x, y, inf: false }
    }

    /// y^2 == x^3 + b (the identity counts as on the curve).
    pub fn is_on_curve(&self) -> bool {
        if self.inf {
            return true;
        }
        self.y.square() == self.x.square() * self.x + C::B
    }

    pub fn neg(&self) -> Self {
        Affine {
            x: self.x,
            y: -self.y,
            inf: self.inf,
        }
    }

    pub fn to_jacobian(&self) -> Jacobian<C> {
        if self.inf {
            Jacobian::IDENTITY
        } else {
            Jacobian {
                x: self.x,
                y: self.y,
                z: C::F::ONE,
            }
        }
    }
}

impl<C: Curve> Jacobian<C> {
    pub const IDENTITY: Self = Jacobian {
        x: C::F::ONE,
        y: C::F::ONE,
        z: C::F::ZERO,
    };

    #[inline(always)]
    pub fn is_identity(&self) -> bool {
        self.z.is_zero()
    }

    pub fn neg(&self) -> Self {
        Jacobian {
            x: self.x,
            y: -self.y,
            z: self.z,
        }
    }

    /// dbl-2009-l (a = 0): 2M + 5S.
    pub fn double(&self) -> Self {
        if self.is_identity() {
            return *self;
        }
        let a = self.x.square();
        let b = self.y.square();
        let c = b.square();
        let d = ((self.x + b).square() - a - c).double();
        let e = a.double() + a;
        let f = e.square();
        let x3 = f - d.double();
        let c8 = c.double().double().double();
        let y3 = e * (d - x3) - c8;
        let z3 = (self.y * self.z).double();
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Mixed addition with an affine point, madd-2007-bl: 7M + 4S.
    pub fn add_affine(&self, q: &Affine<C>) -> Self {
        if q.inf {
            return *self;
        }
        if self.is_identity() {
            return q.to_jacobian();
        }
        let z1z1 = self.z.square();
        let u2 = q.x * z1z1;
        let s2 = q.y * self.z * z1z1;
        let h = u2 - self.x;
        let r = (s2 - self.y).double();
        if h.is_zero() {
            if r.is_zero() {
                return self.double();
            }
            return Self::IDENTITY;
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h * i;
        let v = self.x * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (self.y * j).double();
        let z3 = (self.z + h).square() - z1z1 - hh;
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// General addition, add-2007-bl: 11M + 5S.
    pub fn add(&self, q: &Self) -> Self {
        if self.is_identity() {
            return *q;
        }
        if q.is_identity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = q.z.square();
        let u1 = self.x * z2z2;
        let u2 = q.x * z1z1;
        let s1 = self.y * q.z * z2z2;
        let s2 = q.y * self.z * z1z1;
        let h = u2 - u1;
        let r = (s2 - s1).double();
        if h.is_zero() {
            if r.is_zero() {
                return self.double();
            }
            return Self::IDENTITY;
        }
        let i = h.double().square();
        let j = h * i;
        let v = u1 * i;
        let x3 = r.square() - j - v.double();
        let y3 = r * (v - x3) - (s1 * j).double();
        let z3 = ((self.z + q.z).square() - z1z1 - z2z2) * h;
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    pub fn to_affine(&self) -> Affine<C> {
        if self.is_identity() {
            return Affine::IDENTITY;
        }
        let zi = self.z.inv();
        let zi2 = zi.square();
        Affine {
            x: self.x * zi2,
            y: self.y * zi2 * zi,
            inf: false,
        }
    }

    /// Equality as group elements (cross-multiplied, no inversion).
    pub fn eq_point(&self, o: &Self) -> bool {
        match (self.is_identity(), o.is_identity()) {
            (true, true) => return true,
            (true, false) | (false, true) => return false,
            _ => {}
        }
        let z1z1 = self.z.square();
        let z2z2 = o.z.square();
        self.x * z2z2 == o.x * z1z1 && self.y * z2z2 * o.z == o.y * z1z1 * self.z
    }

    /// Scalar multiplication by a little-endian 256-bit integer, width-5 wNAF.
    pub fn mul_scalar(&self, k: &[u32; 8]) -> Self {
        let mut digits = [0i8; 260];
        let len = crate::scalar::wnaf(k, 5, &mut digits);
        // Odd multiples P, 3P, ..., 15P.
        let mut table = [*self; 8];
        let d = self.double();
        for i in 1..8 {
            table[i] = table[i - 1].add(&d);
        }
        let mut acc = Self::IDENTITY;
        for i in (0..len).rev() {
            acc = acc.double();
            let dg = digits[i];
            if dg > 0 {
                acc = acc.add(&table[(dg >> 1) as usize]);
            } else if dg < 0 {
                acc = acc.add(&table[((-dg) >> 1) as usize].neg());
            }
        }
        acc
    }
}

/// Converts many Jacobian points to affine with one inversion (Montgomery's trick).
/// `scratch` must be at least as long as `src`.
pub fn batch_to_affine<C: Curve>(src: &[Jacobian<C>], dst: &mut [Affine<C>], scratch: &mut [C::F]) {
    let mut acc = C::F::ONE;
    for (i, p) in src.iter().enumerate() {
        scratch[i] = acc;
        if !p.is_identity() {
            acc = acc * p.z;
        }
    }
    let mut inv = acc.inv();
    for i in (0..src.len()).rev() {
        let p = &src[i];
        if p.is_identity() {
            dst[i] = Affine::IDENTITY;
            continue;
        }
        let zi = inv * scratch[i];
        inv = inv * p.z;
        let zi2 = zi.square();
        dst[i] = Affine {
            x: p.x * zi2,
            y: p.y * zi2 * zi,
            inf: false,
        };
    }
}

/// Points per Straus chunk (bounds the stack arrays below).
const MSM_CHUNK: usize = 64;

/// Sum of k_i * P_i for 64-bit k_i (the random coefficients of batch verification).
///
/// Straus/Shamir interleaving: one shared chain of 64 doublings, and per point a width-4
/// NAF over an affine table {P, 3P, 5P, 7P} (normalised with a single inversion per chunk),
/// so each point costs about 13 mixed additions instead of a full scalar multiplication.
pub fn msm_u64<C: Curve>(points: &[Affine<C>], scalars: &[u64]) -> Jacobian<C> {
    let mut total = Jacobian::<C>::IDENTITY;
    let mut start = 0;
    while start < points.len() {
        let m = core::cmp::min(MSM_CHUNK, points.len() - start);
        let mut jac = [Jacobian::<C>::IDENTITY; 4 * MSM_CHUNK];
        for i in 0..m {
            let p = points[start + i].to_jacobian();
            let d = p.double();
            jac[4 * i] = p;
            for j in 1..4 {
                jac[4 * i + j] = jac[4 * i + j - 1].add(&d);
            }
        }
        let mut table = [Affine::<C>::IDENTITY; 4 * MSM_CHUNK];
        let mut scratch = [C::F::ZERO; 4 * MSM_CHUNK];
        batch_to_affine(&jac[..4 * m], &mut table[..4 * m], &mut scratch[..4 * m]);
        let mut digits = [[0i8; 66]; MSM_CHUNK];
        let mut maxlen = 0;
        for i in 0..m {
            let len = crate::scalar::wnaf_u64(scalars[start + i], 4, &mut digits[i]);
            maxlen = core::cmp::max(maxlen, len);
        }
        let mut acc = Jacobian::<C>::IDENTITY;
        for bit in (0..maxlen).rev() {
            acc = acc.double();
            for i in 0..m {
                let d = digits[i][bit];
                if d > 0 {
                    acc = acc.add_affine(&table[4 * i + (d >> 1) as usize]);
                } else if d < 0 {
                    acc = acc.add_affine(&table[4 * i + ((-d) >> 1) as usize].neg());
                }
            }
        }
        total = total.add(&acc);
        start += m;
    }
    total
}

/// NAF width used with cached point tables: digits are odd and below 2^(TABLE_WINDOW-1).
pub const TABLE_WINDOW: u32 = 6;
/// Entries of a cached point table: P, 3P, 5P, ..., (2 * TABLE_LEN - 1)P.
pub const TABLE_LEN: usize = 1 << (TABLE_WINDOW - 2);
/// Width-6 NAF digits of a 64-bit scalar (at most 65 of them).
pub type U64Digits = [i8; 66];

/// The odd multiples P, 3P, ..., (2N - 1)P of `p`, in affine form (one inversion): the tables
/// of the NAF multiplications, and of an operator's public key, expanded once
/// (`N = TABLE_LEN`) and kept.
pub fn odd_multiples<C: Curve, const N: usize>(p: &Jacobian<C>) -> [Affine<C>; N] {
    let mut jac = [*p; N];
    let d = p.double();
    for i in 1..N {
        jac[i] = jac[i - 1].add(&d);
    }
    let mut out = [Affine::<C>::IDENTITY; N];
    let mut scratch = [C::F::ZERO; N];
    batch_to_affine(&jac, &mut out, &mut scratch);
    out
}

/// Sum of k_i * P_i for 64-bit k_i where each P_i is given by its `odd_multiples` table
/// (`table(i)`): Straus interleaving with width-6 NAF digits, so a point costs about 9 mixed
/// additions and no table work. `digits` is scratch space for at least `n` entries.
pub fn msm_u64_tables<'a, C: Curve + 'a>(
    n: usize,
    table: impl Fn(usize) -> &'a [Affine<C>; TABLE_LEN],
    scalars: &[u64],
    digits: &mut [U64Digits],
) -> Jacobian<C> {
    let mut maxlen = 0;
    for i in 0..n {
        digits[i] = [0; 66];
        let len = crate::scalar::wnaf_u64(scalars[i], TABLE_WINDOW, &mut digits[i]);
        maxlen = core::cmp::max(maxlen, len);
    }
    let mut acc = Jacobian::<C>::IDENTITY;
    for bit in (0..maxlen).rev() {
        acc = acc.double();
        for (i, ds) in digits[..n].iter().enumerate() {
            let d = ds[bit];
            if d > 0 {
                acc = acc.add_affine(&table(i)[(d >> 1) as usize]);
            } else if d < 0 {
                acc = acc.add_affine(&table(i)[((-d) >> 1) as usize].neg());
            }
        }
    }
    acc
}

impl<C: Curve> Jacobian<C> {
    /// k1*P + k2*E(P) for an endomorphism E (given on affine points), both scalars below
    /// 2^128 with signs: interleaved width-5 NAFs sharing one chain of doublings (GLV
    /// method), odd multiples normalised to affine with one inversion for mixed additions.
    pub fn mul_two_dim(
        &self,
        endo: impl Fn(&Affine<C>) -> Affine<C>,
        k1: &[u32; 8],
        neg1: bool,
        k2: &[u32; 8],
        neg2: bool,
    ) -> Self {
        let mut d1 = [0i8; 260];
        let mut d2 = [0i8; 260];
        let l1 = crate::scalar::wnaf(k1, 5, &mut d1);
        let l2 = crate::scalar::wnaf(k2, 5, &mut d2);
        let mut t1: [Affine<C>; 8] = odd_multiples(self);
        let mut t2 = [Affine::<C>::IDENTITY; 8];
        for i in 0..8 {
            t2[i] = endo(&t1[i]);
        }
        if neg1 {
            for t in t1.iter_mut() {
                *t = t.neg();
            }
        }
        if neg2 {
            for t in t2.iter_mut() {
                *t = t.neg();
            }
        }
        let mut acc = Self::IDENTITY;
        for i in (0..core::cmp::max(l1, l2)).rev() {
            acc = acc.double();
            for (d, t) in [(d1[i], &t1), (d2[i], &t2)] {
                if d > 0 {
                    acc = acc.add_affine(&t[(d >> 1) as usize]);
                } else if d < 0 {
                    acc = acc.add_affine(&t[((-d) >> 1) as usize].neg());
                }
            }
        }
        acc
    }
}

/// Capacity of one batch-affine block (bounds the stack arrays of `sum_affine`).
pub const SUM_BLOCK: usize = 1024;
/// Below this many points per block the remaining sums are done in Jacobian form, where
/// another shared inversion would cost more than it saves.
const SUM_TAIL: usize = 24;

/// Sum of affine points with batch-affine pairwise additions: each round adds disjoint
/// pairs using one shared inversion (Montgomery's trick), about 6 multiplications per
/// addition instead of 11 for a mixed Jacobian addition. Pairs that are equal, opposite or
/// contain the identity go through the Jacobian accumulator instead.
pub fn sum_affine<C: Curve>(points: &[Affine<C>]) -> Jacobian<C> {
    let mut acc = Jacobian::<C>::IDENTITY;
    for block in points.chunks(SUM_BLOCK) {
        let mut buf = [Affine::<C>::IDENTITY; SUM_BLOCK];
        let mut m = 0;
        for p in block {
            if !p.inf {
                buf[m] = *p;
                m += 1;
            }
        }
        let mut prefix = [C::F::ZERO; SUM_BLOCK / 2];
        while m > SUM_TAIL {
            let pairs = m / 2;
            // Move special pairs out of the way (swap-remove into acc), keep the rest.
            let mut live = 0;
            let mut out = 0;
            let mut run = C::F::ONE;
            for i in 0..pairs {
                let a = buf[2 * i];
                let b = buf[2 * i + 1];
                if a.x == b.x {
                    acc = acc.add_affine(&a).add_affine(&b);
                    continue;
                }
                buf[2 * live] = a;
                buf[2 * live + 1] = b;
                prefix[live] = run;
                run = run * (b.x - a.x);
                live += 1;
            }
            let mut inv = run.inv();
            for i in (0..live).rev() {
                let a = buf[2 * i];
                let b = buf[2 * i + 1];
                let dx_inv = inv * prefix[i];
                inv = inv * (b.x - a.x);
                let lambda = (b.y - a.y) * dx_inv;
                let x3 = lambda.square() - a.x - b.x;
                let y3 = lambda * (a.x - x3) - a.y;
                buf[2 * i] = Affine {
                    x: x3,
                    y: y3,
                    inf: false,
                };
            }
            // Compact results to the front; carry an odd leftover point along.
            for i in 0..live {
                buf[out] = buf[2 * i];
                out += 1;
            }
            if m % 2 == 1 {
                buf[out] = buf[m - 1];
                out += 1;
            }
            m = out;
        }
        for p in &buf[..m] {
            acc = acc.add_affine(p);
        }
    }
    acc
}

impl<C: Curve> Jacobian<C> {
    /// sum_j k_j * E^j(P) for four signed scalars (each below 2^128): one shared chain of
    /// doublings, width-5 NAF per scalar over affine tables E^j({P, 3P, ..., 15P}).
    pub fn mul_four_dim(
        &self,
        endo: impl Fn(&Affine<C>) -> Affine<C>,
        ks: &[([u32; 8], bool); 4],
    ) -> Self {
        let mut digits = [[0i8; 260]; 4];
        let mut len = 0;
        for j in 0..4 {
            len = core::cmp::max(len, crate::scalar::wnaf(&ks[j].0, 5, &mut digits[j]));
        }
        let mut jac = [*self; 8];
        let dbl = self.double();
        for i in 1..8 {
            jac[i] = jac[i - 1].add(&dbl);
        }
        let mut tables = [[Affine::<C>::IDENTITY; 8]; 4];
        let mut scratch = [C::F::ZERO; 8];
        batch_to_affine(&jac, &mut tables[0], &mut scratch);
        for j in 1..4 {
            let prev = tables[j - 1];
            for (t, p) in tables[j].iter_mut().zip(prev.iter()) {
                *t = endo(p);
            }
        }
        for j in 0..4 {
            if ks[j].1 {
                for t in tables[j].iter_mut() {
                    *t = t.neg();
                }
            }
        }
        let mut acc = Self::IDENTITY;
        for i in (0..len).rev() {
            acc = acc.double();
            for j in 0..4 {
                let d = digits[j][i];
                if d > 0 {
                    acc = acc.add_affine(&tables[j][(d >> 1) as usize]);
                } else if d < 0 {
                    acc = acc.add_affine(&tables[j][((-d) >> 1) as usize].neg());
                }
            }
        }
        acc
    }
}
