#!/usr/bin/env bash
# Fails, naming the crate, when the offline wasm build needs a crate that is not in the Cargo home
# (std's own dependencies included: build-std resolves /usr/lib/rustlib/src/rust/library's lock
# file, which the project's Cargo.lock does not list). Used by scripts/build before Trunk, and by
# scripts/test as its own phase so CI fails here in seconds rather than at the app build.
set -euo pipefail
cd "$(dirname "$0")/../.."
export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
if ! out="$(cargo fetch --offline --target wasm32-unknown-unknown 2>&1)"; then
  printf '%s\n' "$out" >&2
  cat >&2 <<MSG

The offline wasm build needs crates that are not in the Cargo home (${CARGO_HOME:-$HOME/.cargo}).
scripts/setup fetches them: the workspace's (cargo fetch) and std's own dependencies for wasm32
(cargo fetch --target wasm32-unknown-unknown with CARGO_UNSTABLE_BUILD_STD set). Run scripts/setup.
MSG
  exit 3
fi
echo "offline build check: every crate the wasm build needs is in ${CARGO_HOME:-$HOME/.cargo}" >&2
