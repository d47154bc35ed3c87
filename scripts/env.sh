# Shared settings for genltest's scripts; sourced, not run.
#
# The kernel is built with Debian's rustc-web (its rust-src matches it exactly),
# clang/lld 19 and bindgen from the Rust registry. They are handed to Kbuild as
# make variables because the kernel Makefile overrides environment variables.

GENLTEST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${GENLTEST_CACHE:-$HOME/.cache/genltest}"
KVER="${KVER:-7.3}"
KSRC="$CACHE/linux-$KVER"

BINDGEN_BIN="$(command -v bindgen 2>/dev/null || echo "$HOME/.cargo/bin/bindgen")"
KMAKE_VARS=(
  LLVM=-19
  RUSTC=/usr/bin/rustc
  RUSTDOC=/usr/bin/rustdoc
  RUSTFMT=/usr/bin/rustfmt
  CLIPPY_DRIVER=/usr/bin/clippy-driver
  BINDGEN="$BINDGEN_BIN"
)

# The config fragments of a kernel variant, in merge order.
kernel_fragments() {
  case "$1" in
    normal) echo "$GENLTEST_ROOT/vm-test/kernel.config" ;;
    debug) echo "$GENLTEST_ROOT/vm-test/kernel.config $GENLTEST_ROOT/vm-test/debug.config" ;;
    debian) echo "Debian's kernel has no fragments: scripts/debian-kernel prepares it" >&2; return 1 ;;
    *) echo "unknown kernel variant '$1' (normal, debug or debian)" >&2; return 1 ;;
  esac
}

# The build directory of a kernel variant: keyed by the kernel version, the
# fragments and the toolchain, so a change to any of them builds a new kernel.
kernel_dir() {
  local variant="$1" frags key
  frags=$(kernel_fragments "$variant") || return 1
  # shellcheck disable=SC2086
  key=$( {
    echo "$KVER"
    sed -n 's/^SUBLEVEL = //p' "$KSRC/Makefile" 2>/dev/null
    cat $frags
    /usr/bin/rustc --version 2>/dev/null
    clang-19 --version 2>/dev/null | head -n1
    "$BINDGEN_BIN" --version 2>/dev/null
  } | sha256sum | cut -c1-12)
  echo "$CACHE/kernels/$variant-$KVER-$key"
}

# The kernel image a variant boots, and its .config. Debian's stock kernel comes from
# Debian's packages (scripts/debian-kernel), the others from scripts/build-kernel.
kernel_image() {
  case "$1" in
    debian) "$GENLTEST_ROOT/scripts/debian-kernel" vmlinuz ;;
    *) echo "$(kernel_dir "$1")/arch/x86/boot/bzImage" ;;
  esac
}
kernel_config() {
  case "$1" in
    debian) echo "$("$GENLTEST_ROOT/scripts/debian-kernel" dir)/root/build/obj/.config" ;;
    *) echo "$(kernel_dir "$1")/.config" ;;
  esac
}
