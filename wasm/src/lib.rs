//! BN254 (alt_bn128) arithmetic for the EigenLayer BLS scheme, written for wasm32.
//!
//! No dependencies and no allocator: callers pass data through linear memory (see
//! `exports`). Field elements cross the boundary as 32-byte big-endian integers and G2
//! points in the EIP-197 / contract order (imaginary part first).
#![cfg_attr(target_arch = "wasm32", no_std)]
#![allow(long_running_const_eval)]

pub mod curve;
pub mod field;
pub mod fp;
pub mod fp12;
pub mod fp2;
pub mod fp6;
pub mod g1;
pub mod g2;
pub mod pairing;
pub mod scalar;

#[cfg(target_arch = "wasm32")]
pub mod exports;

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(test)]
mod tests;
