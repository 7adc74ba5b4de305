//! `extern "C"` entry points over linear memory.
//!
//! The host asks for an I/O area with `bls_buffer(size)` (always the same address, at
//! `__heap_base`, grown on demand), writes inputs there, calls one function with offsets
//! into that area and reads the output back. Status codes: 1 = true/ok, 0 = false,
//! negative = rejected input (see `Status`); `bls_err_index` tells which item failed.

use crate::curve::{
    msm_u64, msm_u64_tables, odd_multiples, sum_affine, Affine, U64Digits, SUM_BLOCK, TABLE_LEN,
};
use crate::fp::limbs_from_be;
use crate::fp2::Fp2;
use crate::g1::{
    decode_g1, encode_g1, g1_mul, hash_to_g1, sum_encoded_g1, DecodeError, G1Affine, G1Jacobian,
};
use crate::g2::{decode_g2, encode_g2, g2_mul, in_subgroup, G2Affine, G2Jacobian, G2_GEN};
use crate::pairing::{final_exponentiation, multi_miller_loop, G2Prepared};
use crate::scalar::is_valid_scalar;
use core::slice;

const OK: i32 = 1;
const FALSE: i32 = 0;
const NOT_CANONICAL: i32 = -1;
const NOT_ON_CURVE: i32 = -2;
const NOT_IN_SUBGROUP: i32 = -3;
const IDENTITY: i32 = -4;
const SCALAR_OUT_OF_RANGE: i32 = -5;
const TOO_MANY: i32 = -6;
const BAD_SLOT: i32 = -7;

extern "C" {
    static __heap_base: u8;
}

static mut ERR_INDEX: u32 = 0;
static mut G2_GEN_LINES: Option<G2Prepared> = None;

fn base() -> usize {
    unsafe { &__heap_base as *const u8 as usize }
}

fn io(off: usize, len: usize) -> &'static mut [u8] {
    unsafe { slice::from_raw_parts_mut((base() + off) as *mut u8, len) }
}

fn set_err(i: usize) {
    unsafe { ERR_INDEX = i as u32 }
}

fn map_err(e: DecodeError) -> i32 {
    match e {
        DecodeError::NotCanonical => NOT_CANONICAL,
        DecodeError::NotOnCurve => NOT_ON_CURVE,
        DecodeError::NotInSubgroup => NOT_IN_SUBGROUP,
    }
}

fn g2_gen_lines() -> &'static G2Prepared {
    unsafe {
        let slot = &mut *core::ptr::addr_of_mut!(G2_GEN_LINES);
        if slot.is_none() {
            *slot = Some(G2Prepared::new(&G2_GEN).normalized());
        }
        slot.as_ref().unwrap()
    }
}

fn read_scalar(off: usize) -> Result<[u32; 8], i32> {
    let b: [u8; 32] = io(off, 32).try_into().unwrap();
    let k = limbs_from_be(&b);
    if !is_valid_scalar(&k) {
        return Err(SCALAR_OUT_OF_RANGE);
    }
    Ok(k)
}

fn g1_at(off: usize, idx: usize) -> Result<G1Affine, i32> {
    decode_g1(io(off, 64)).map_err(|e| {
        set_err(idx);
        map_err(e)
    })
}

fn g2_at(off: usize, idx: usize, subgroup: bool) -> Result<G2Affine, i32> {
    let q = decode_g2(io(off, 128)).map_err(|e| {
        set_err(idx);
        map_err(e)
    })?;
    if subgroup && !in_subgroup(&q) {
        set_err(idx);
        return Err(NOT_IN_SUBGROUP);
    }
    Ok(q)
}

fn status(r: Result<i32, i32>) -> i32 {
    match r {
        Ok(v) | Err(v) => v,
    }
}

/// Makes the I/O area at least `size` bytes long and returns its address.
#[no_mangle]
pub extern "C" fn bls_buffer(size: usize) -> usize {
    let end = base() + size;
    let have = core::arch::wasm32::memory_size(0) * 65536;
    if end > have {
        let pages = (end - have).div_ceil(65536);
        if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
            return 0;
        }
    }
    base()
}

/// Index of the item that made the last call fail.
#[no_mangle]
pub extern "C" fn bls_err_index() -> u32 {
    unsafe { ERR_INDEX }
}

/// [0..64) point, [64..96) scalar -> [96..160) k*P.
#[no_mangle]
pub extern "C" fn bls_g1_mul() -> i32 {
    status((|| {
        let p = g1_at(0, 0)?;
        let k = read_scalar(64)?;
        encode_g1(&g1_mul(&p, &k).to_affine(), io(96, 64));
        Ok(OK)
    })())
}

/// [0..128) point, [128..160) scalar -> [160..288) k*Q. Q must be in G2; `q_checked` != 0
/// skips that check (the host passes the generator or an already-validated point).
#[no_mangle]
pub extern "C" fn bls_g2_mul(q_checked: u32) -> i32 {
    status((|| {
        let q = g2_at(0, 0, q_checked == 0)?;
        let k = read_scalar(128)?;
        encode_g2(&g2_mul(&q, &k).to_affine(), io(160, 128));
        Ok(OK)
    })())
}

/// [0..32) digest -> [32..96) hashToG1(digest).
#[no_mangle]
pub extern "C" fn bls_hash_to_g1() -> i32 {
    let d: [u8; 32] = io(0, 32).try_into().unwrap();
    encode_g1(&hash_to_g1(&d), io(32, 64));
    OK
}

/// [0..32) sk, [32..64) digest -> [64..128) sk * hashToG1(digest).
#[no_mangle]
pub extern "C" fn bls_sign() -> i32 {
    status((|| {
        let k = read_scalar(0)?;
        let d: [u8; 32] = io(32, 32).try_into().unwrap();
        encode_g1(&g1_mul(&hash_to_g1(&d), &k).to_affine(), io(64, 64));
        Ok(OK)
    })())
}

/// [0..128) G2 point: 1 if on the curve and in the subgroup, else a negative status.
#[no_mangle]
pub extern "C" fn bls_g2_check() -> i32 {
    status(g2_at(0, 0, true).map(|_| OK))
}

/// Slots of the per-public-key Miller-loop line cache (about 17 KiB each).
const LINE_SLOTS: usize = 128;
const NO_LINES: G2Prepared = G2Prepared::EMPTY;
static mut LINE_CACHE: [G2Prepared; LINE_SLOTS] = [NO_LINES; LINE_SLOTS];
static mut SCRATCH_LINES: G2Prepared = G2Prepared::EMPTY;

/// [0..128) pk (G2), [128..160) digest, [160..224) signature (G1).
/// `flags` bit 0: the host already saw this pk pass the subgroup check; bit 1: cache slot
/// `slot` already holds this pk's lines. With `slot` < LINE_SLOTS and bit 1 clear, the
/// lines are computed and stored there for the next call.
#[no_mangle]
pub extern "C" fn bls_verify(flags: u32, slot: u32) -> i32 {
    status((|| {
        let pk = g2_at(0, 0, flags & 1 == 0)?;
        let sig = g1_at(160, 2)?;
        if pk.inf {
            set_err(0);
            return Err(IDENTITY);
        }
        let slot = slot as usize;
        let lines: &G2Prepared = if slot < LINE_SLOTS {
            let cache = unsafe { &mut *core::ptr::addr_of_mut!(LINE_CACHE) };
            if flags & 2 == 0 {
                // Cached lines are reused, so normalising them (one batch inversion) pays off.
                cache[slot] = G2Prepared::new(&pk).normalized();
            }
            &cache[slot]
        } else {
            let scratch = unsafe { &mut *core::ptr::addr_of_mut!(SCRATCH_LINES) };
            *scratch = G2Prepared::new(&pk);
            scratch
        };
        if sig.inf {
            return Ok(FALSE);
        }
        let d: [u8; 32] = io(128, 32).try_into().unwrap();
        let h = hash_to_g1(&d);
        Ok(check_lines(&h, lines, &sig.neg()))
    })())
}

/// e(h, Q) * e(s, g2) == 1 with Q given by its lines and the generator's lines cached.
fn check_lines(h: &G1Affine, q: &G2Prepared, s: &G1Affine) -> i32 {
    let f = multi_miller_loop(&[(h, q), (s, g2_gen_lines())]);
    if final_exponentiation(&f).is_one() {
        OK
    } else {
        FALSE
    }
}

/// e(h, pk) * e(s, g2) == 1.
fn pairing_product_is_one(h: &G1Affine, pk: &G2Affine, s: &G1Affine) -> i32 {
    let pk_lines = G2Prepared::new(pk);
    check_lines(h, &pk_lines, s)
}

/// [0..64) P, [64..192) Q -> [192..576) e(P, Q) as 12 big-endian Fp limbs
/// (c0.c0.c0, c0.c0.c1, c0.c1.c0, ... c1.c2.c1). `q_checked` != 0 skips the subgroup check.
#[no_mangle]
pub extern "C" fn bls_pairing(q_checked: u32) -> i32 {
    status((|| {
        let p = g1_at(0, 0)?;
        let q = g2_at(64, 1, q_checked == 0)?;
        let qp = G2Prepared::new(&q);
        let e = final_exponentiation(&multi_miller_loop(&[(&p, &qp)]));
        let out = io(192, 384);
        let cs = [e.c0.c0, e.c0.c1, e.c0.c2, e.c1.c0, e.c1.c1, e.c1.c2];
        for (i, c) in cs.iter().enumerate() {
            out[64 * i..64 * i + 32].copy_from_slice(&c.c0.to_be_bytes());
            out[64 * i + 32..64 * i + 64].copy_from_slice(&c.c1.to_be_bytes());
        }
        Ok(OK)
    })())
}

/// n pairs of (G1 64 bytes, G2 128 bytes) laid out like the 0x08 precompile input:
/// 1 if the product of pairings is one, else 0. Identity points contribute 1.
#[no_mangle]
pub extern "C" fn bls_pairing_check(n: usize) -> i32 {
    const CHUNK: usize = 4;
    status((|| {
        let mut f = crate::fp12::Fp12::ONE;
        let mut i = 0;
        while i < n {
            let m = core::cmp::min(CHUNK, n - i);
            let mut ps = [G1Affine::IDENTITY; CHUNK];
            let mut qs: [Option<G2Prepared>; CHUNK] = [None; CHUNK];
            for j in 0..m {
                let off = (i + j) * 192;
                ps[j] = g1_at(off, i + j)?;
                qs[j] = Some(G2Prepared::new(&g2_at(off + 64, i + j, true)?));
            }
            let mut pairs: [(&G1Affine, &G2Prepared); CHUNK] = [(&ps[0], g2_gen_lines()); CHUNK];
            for j in 0..m {
                pairs[j] = (&ps[j], qs[j].as_ref().unwrap());
            }
            f = f * multi_miller_loop(&pairs[..m]);
            i += m;
        }
        Ok(if final_exponentiation(&f).is_one() {
            OK
        } else {
            FALSE
        })
    })())
}

/// [0..64) A, [64..128) B -> [128..192) A + B.
#[no_mangle]
pub extern "C" fn bls_g1_add() -> i32 {
    status((|| {
        let a = g1_at(0, 0)?;
        let b = g1_at(64, 1)?;
        encode_g1(&a.to_jacobian().add_affine(&b).to_affine(), io(128, 64));
        Ok(OK)
    })())
}

/// n G1 points (64 bytes each) -> their sum right after the input.
#[no_mangle]
pub extern "C" fn bls_aggregate_g1(n: usize) -> i32 {
    status((|| {
        let mut acc = G1Jacobian::IDENTITY;
        let mut start = 0;
        while start < n {
            let m = core::cmp::min(SUM_BLOCK, n - start);
            let block = sum_encoded_g1(io(64 * start, 64 * m), start).map_err(|(i, e)| {
                set_err(i);
                map_err(e)
            })?;
            acc = acc.add(&block);
            start += m;
        }
        encode_g1(&acc.to_affine(), io(64 * n, 64));
        Ok(OK)
    })())
}

/// n G2 points (128 bytes each, on-curve checked, no subgroup check) -> their sum.
#[no_mangle]
pub extern "C" fn bls_aggregate_g2(n: usize) -> i32 {
    status((|| {
        let mut acc = G2Jacobian::IDENTITY;
        let mut start = 0;
        while start < n {
            let m = core::cmp::min(SUM_BLOCK, n - start);
            let mut pts = [G2Affine::IDENTITY; SUM_BLOCK];
            for (i, p) in pts[..m].iter_mut().enumerate() {
                *p = g2_at(128 * (start + i), start + i, false)?;
            }
            acc = acc.add(&sum_affine(&pts[..m]));
            start += m;
        }
        encode_g2(&acc.to_affine(), io(128 * n, 128));
        Ok(OK)
    })())
}

/// Largest batch accepted by `bls_batch_verify_keys` (bounds the stack buffers).
const MAX_BATCH: usize = 512;

/// Slots of the public-key table cache of `bls_batch_verify_keys` (the host decides which key
/// lives where; 2048 x 16 affine points, about 4.3 MB of zero-initialised memory).
const KEY_SLOTS: usize = 2048;
/// All-zero placeholder (costs no data segment); a slot is meaningful once filled.
const NO_POINT: G2Affine = Affine {
    x: Fp2::ZERO,
    y: Fp2::ZERO,
    inf: false,
};
static mut KEY_TABLES: [[G2Affine; TABLE_LEN]; KEY_SLOTS] = [[NO_POINT; TABLE_LEN]; KEY_SLOTS];
static mut KEY_DIGITS: [U64Digits; MAX_BATCH] = [[0; 66]; MAX_BATCH];

/// [0..128) pk: checked (on the curve; in the subgroup unless `pk_checked` != 0; not the
/// identity) and expanded into its table of odd multiples in key slot `slot`.
#[no_mangle]
pub extern "C" fn bls_key_table_fill(slot: u32, pk_checked: u32) -> i32 {
    status((|| {
        let slot = slot as usize;
        if slot >= KEY_SLOTS {
            return Err(BAD_SLOT);
        }
        let pk = g2_at(0, 0, pk_checked == 0)?;
        if pk.inf {
            set_err(0);
            return Err(IDENTITY);
        }
        let tables = unsafe { &mut *core::ptr::addr_of_mut!(KEY_TABLES) };
        tables[slot] = odd_multiples(&pk.to_jacobian());
        Ok(OK)
    })())
}

/// Same-message batch verification with the public keys taken from filled key slots:
/// [0..32) digest, then n slot numbers (4 B, little-endian), n signatures (64 B),
/// n coefficients (8 B, BE u64). Checks e(H(m), sum c_i pk_i) * e(-sum c_i sig_i, g2) == 1.
#[no_mangle]
pub extern "C" fn bls_batch_verify_keys(n: usize) -> i32 {
    status((|| {
        if n == 0 || n > MAX_BATCH {
            return Err(TOO_MANY);
        }
        let slot_off = 32;
        let sig_off = slot_off + 4 * n;
        let c_off = sig_off + 64 * n;
        let mut slots = [0usize; MAX_BATCH];
        let mut sigs = [G1Affine::IDENTITY; MAX_BATCH];
        let mut cs = [0u64; MAX_BATCH];
        let mut any_inf = false;
        for i in 0..n {
            let slot = u32::from_le_bytes(io(slot_off + 4 * i, 4).try_into().unwrap()) as usize;
            if slot >= KEY_SLOTS {
                set_err(i);
                return Err(BAD_SLOT);
            }
            slots[i] = slot;
            sigs[i] = g1_at(sig_off + 64 * i, i)?;
            any_inf |= sigs[i].inf;
            cs[i] = u64::from_be_bytes(io(c_off + 8 * i, 8).try_into().unwrap());
        }
        if any_inf {
            return Ok(FALSE);
        }
        let tables = unsafe { &*core::ptr::addr_of!(KEY_TABLES) };
        let digits = unsafe { &mut *core::ptr::addr_of_mut!(KEY_DIGITS) };
        let k = msm_u64_tables(n, |i| &tables[slots[i]], &cs[..n], digits).to_affine();
        let s = msm_u64(&sigs[..n], &cs[..n]).to_affine();
        let d: [u8; 32] = io(0, 32).try_into().unwrap();
        let h = hash_to_g1(&d);
        Ok(pairing_product_is_one(&h, &k, &s.neg()))
    })())
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_fp_mul(iters: u32) -> u32 {
    let mut x = crate::fp::Fp::from_u32(7);
    let y = crate::fp::Fp::from_u32(11).cinv();
    for _ in 0..iters {
        x = x * y;
    }
    x.0[0]
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_fp_add(iters: u32) -> u32 {
    let mut x = crate::fp::Fp::from_u32(7);
    let y = crate::fp::Fp::from_u32(11).cinv();
    for _ in 0..iters {
        x = x + y;
    }
    x.0[0]
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_fp2_mul(iters: u32) -> u32 {
    let mut x = crate::fp2::Fp2::new(crate::fp::Fp::from_u32(7), crate::fp::Fp::from_u32(3));
    let y = x.cinv();
    for _ in 0..iters {
        x = x * y;
    }
    x.c0.0[0]
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_fp_mul_loop(iters: u32) -> u32 {
    let mut x = crate::fp::Fp::from_u32(7);
    let y = crate::fp::Fp::from_u32(11).cinv();
    for _ in 0..iters {
        x = x.cmul(&y);
    }
    x.0[0]
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_miller(iters: u32) -> u32 {
    let q = G2Prepared::new(&G2_GEN);
    let p = crate::g1::G1_GEN;
    let mut acc = 0;
    for _ in 0..iters {
        acc ^= multi_miller_loop(&[(&p, &q)]).c0.c0.c0.0[0];
    }
    acc
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_prepare(iters: u32) -> u32 {
    let mut acc = 0;
    for _ in 0..iters {
        acc ^= G2Prepared::new(&G2_GEN).lines[3].a.c0.0[0];
    }
    acc
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_final_exp(iters: u32) -> u32 {
    let q = G2Prepared::new(&G2_GEN);
    let f = multi_miller_loop(&[(&crate::g1::G1_GEN, &q)]);
    let mut acc = 0;
    for _ in 0..iters {
        acc ^= final_exponentiation(&f).c0.c0.c0.0[0];
    }
    acc
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_g2_subgroup(iters: u32) -> u32 {
    let mut acc = 0;
    for _ in 0..iters {
        acc += in_subgroup(&G2_GEN) as u32;
    }
    acc
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_inv_binary(iters: u32) -> u32 {
    let mut x = crate::fp::Fp::from_u32(7);
    for _ in 0..iters {
        x = crate::fp::inv_binary(&x) + crate::fp::Fp::ONE;
    }
    x.0[0]
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_inv_fermat(iters: u32) -> u32 {
    let mut x = crate::fp::Fp::from_u32(7);
    for _ in 0..iters {
        x = x.cinv() + crate::fp::Fp::ONE;
    }
    x.0[0]
}

#[cfg(feature = "bench")]
#[no_mangle]
pub extern "C" fn bls_bench_fp_mul29(iters: u32) -> u32 {
    let mut x = crate::fp::Fp::from_u32(7);
    let y = crate::fp::Fp::from_u32(11).cinv();
    for _ in 0..iters {
        x = crate::fp::Fp(crate::fp::mont_mul_rt(&x.0, &y.0));
    }
    x.0[0]
}
