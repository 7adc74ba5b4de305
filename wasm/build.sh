#!/usr/bin/env bash
# Builds lib/bls/bn254.wasm from the Rust crate in wasm/, reproducibly.
#
#   bash wasm/build.sh          build and copy to lib/bls/bn254.wasm
#   bash wasm/build.sh --check  rebuild into a temp file, fail if it differs from the
#                               committed lib/bls/bn254.wasm
#
# Toolchain: Debian 12 packages rustc-web cargo-web rust-web-src lld-22 (Rust 1.96),
# installed here with apt-get when missing (needs root). Debian ships no precompiled
# wasm32 standard library, so `core` and `compiler_builtins` are compiled from
# rust-web-src into a local sysroot (wasm/.sysroot, git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CRATE="$ROOT/wasm"
OUT="$ROOT/lib/bls/bn254.wasm"
TARGET=wasm32-unknown-unknown
RUST_VERSION=1.96.0
LIBSRC="/usr/src/rustc-$RUST_VERSION/library"
RUSTC=/usr/bin/rustc
CARGO=/usr/bin/cargo
SYSROOT="$CRATE/.sysroot"
SYSLIB="$SYSROOT/lib/rustlib/$TARGET/lib"

check_mode=0
case "${1:-}" in
  --check) check_mode=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

have_toolchain() {
  [ -x "$RUSTC" ] && [ -x "$CARGO" ] && [ -d "$LIBSRC/core" ] && command -v rust-lld >/dev/null &&
    "$RUSTC" --version | grep -q "^rustc $RUST_VERSION "
}

if ! have_toolchain; then
  echo "build.sh: installing rustc-web cargo-web rust-web-src lld-22 with apt-get" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "build.sh: the Rust toolchain is missing and this is not root; run as root or" \
      "apt-get install rustc-web cargo-web rust-web-src lld-22" >&2
    exit 1
  fi
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q rustc-web cargo-web rust-web-src lld-22 >&2
  have_toolchain || { echo "build.sh: toolchain still incomplete after apt-get" >&2; exit 1; }
fi

# Paths that could leak into the binary (panic locations) are remapped to fixed names so
# the output does not depend on where the repository is checked out.
REMAP=(--remap-path-prefix "$LIBSRC=/rust/library" --remap-path-prefix "$CRATE=/bn254")
SYSFLAGS=(--target "$TARGET" -C panic=abort -C opt-level=3 -C debuginfo=0 -C codegen-units=1
  -C embed-bitcode=yes "${REMAP[@]}")

# (Re)build the sysroot when missing or built by another compiler / with other flags.
stamp="$("$RUSTC" --version) ${SYSFLAGS[*]}"
if [ ! -f "$SYSROOT/stamp" ] || [ "$(cat "$SYSROOT/stamp")" != "$stamp" ]; then
  echo "build.sh: building core + compiler_builtins for $TARGET into wasm/.sysroot" >&2
  rm -rf "$SYSROOT"
  mkdir -p "$SYSLIB"
  RUSTC_BOOTSTRAP=1 "$RUSTC" --edition 2024 --crate-type rlib --crate-name core \
    "${SYSFLAGS[@]}" "$LIBSRC/core/src/lib.rs" -o "$SYSLIB/libcore.rlib"
  RUSTC_BOOTSTRAP=1 "$RUSTC" --edition 2024 --crate-type rlib --crate-name compiler_builtins \
    --sysroot "$SYSROOT" --cfg 'feature="mem"' --cfg 'feature="compiler-builtins"' \
    --cap-lints allow "${SYSFLAGS[@]}" \
    "$LIBSRC/compiler-builtins/compiler-builtins/src/lib.rs" -o "$SYSLIB/libcompiler_builtins.rlib"
  echo "$stamp" > "$SYSROOT/stamp"
fi

export RUSTC
export RUSTFLAGS="--sysroot $SYSROOT ${REMAP[*]}"
export CARGO_TARGET_DIR="$CRATE/target"
export SOURCE_DATE_EPOCH=0
"$CARGO" build --release --locked --offline --target "$TARGET" \
  --manifest-path "$CRATE/Cargo.toml" >&2
built="$CARGO_TARGET_DIR/$TARGET/release/bn254_wasm.wasm"

if [ "$check_mode" = 1 ]; then
  tmp="$(mktemp)"
  trap 'rm -f "$tmp"' EXIT
  cp "$built" "$tmp"
  if ! [ -f "$OUT" ]; then
    echo "build.sh --check: $OUT is missing; run 'deno task build:wasm' and commit it" >&2
    exit 1
  fi
  if ! cmp -s "$tmp" "$OUT"; then
    echo "build.sh --check: lib/bls/bn254.wasm differs from what wasm/ builds" \
      "($(sha256sum "$OUT" | cut -c1-16) committed vs $(sha256sum "$tmp" | cut -c1-16) built);" \
      "run 'deno task build:wasm' and commit the result" >&2
    exit 1
  fi
  echo "build.sh --check: lib/bls/bn254.wasm is up to date ($(wc -c <"$OUT") bytes)"
else
  mkdir -p "$(dirname "$OUT")"
  cp "$built" "$OUT"
  echo "build.sh: wrote lib/bls/bn254.wasm ($(wc -c <"$OUT") bytes, sha256 $(sha256sum "$OUT" | cut -c1-16))"
fi
