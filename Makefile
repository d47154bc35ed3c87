# genltest: `make demo` shows it working, `make test` runs every test.
SHELL := /bin/bash
# Both install what they need first (scripts/setup) and build what is missing.

# The kernel of module, demo, vm and vm-exec: normal, debug, or debian (Debian's stock kernel).
KERNEL ?= normal
BUILD := build/$(KERNEL)
TARGET := x86_64-unknown-linux-gnu
STATIC := RUSTFLAGS="-C target-feature=+crt-static"

.PHONY: all setup kernel module cli build test test-host test-vm test-debug fuzz demo vm vm-exec \
	clippy rust-analyzer fmt fmt-check clean tour bench bench-compare mutants regen

all: build

setup:
	@scripts/setup

kernel: setup
	@scripts/build-kernel $(KERNEL) >/dev/null

module: kernel
	@scripts/build-module $(KERNEL)

# The CLI and the in-VM tests, linked statically so they run in a busybox initramfs.
cli: setup
	@$(STATIC) cargo build --quiet --release --target $(TARGET) \
		-p genltest -p genltest-vm-guest -p genltest-vm-harness
	@mkdir -p $(BUILD)
	@cp target/$(TARGET)/release/genltest target/$(TARGET)/release/genltest-vm-tests \
		target/$(TARGET)/release/vm-harness $(BUILD)/

build: module cli

# Host unit tests, then every test in the VM, then one closing line.
test: setup
	@scripts/test

# Every test binary runs; one that crashes counts as a failure (scripts/host-tests).
test-host: setup
	@scripts/host-tests

test-vm: build
	@scripts/test --vm-only

# The whole suite on the debug kernel only (KASAN, kmemleak, lockdep, UBSAN, failslab).
test-debug: setup
	@scripts/test --kernel debug

# A longer fuzzing run on the debug kernel: make fuzz SECONDS=600 [SEED=N]
SECONDS ?= 600
fuzz: setup
	@FUZZ_SECONDS=$(SECONDS) VM_TIMEOUT=$$(( $(SECONDS) + 600 )) \
		$(if $(SEED),FUZZ_SEED=$(SEED)) scripts/test --vm-only --kernel debug fuzz_

demo: build
	@scripts/demo

# Regenerate the transcripts of docs/tour.md and the README's peer transcripts in the VM
# (then `make test` checks them).
tour: build
	@scripts/tour

# Round trips, pipelining and multicast fan-out, measured in one VM boot: prints a table
# and writes build/bench.json. Ratios are the point; absolute figures under TCG are not.
bench: build
	@scripts/bench

# The same bench for the module of git ref REF (default main), this checkout's module and
# the C baseline (vm-test/c-baseline), loaded in turns in one VM boot, ROUNDS rounds:
# each build's median figures and the ratios after/before and after/C.
REF ?= main
ROUNDS ?= 3
bench-compare: build
	@scripts/bench-compare --ref $(REF) --rounds $(ROUNDS)

vm: build
	@scripts/vm-run --kernel $(KERNEL) --shell

# How strong the suite is: each bug of vm-test/mutants/mutants.txt applied alone, built
# and run against the tests that should notice it. make mutants [NAMES="a b"]
mutants: build
	@scripts/mutants $(NAMES)

# make vm-exec CMD='cat /proc/modules'
vm-exec: build
	@scripts/vm-exec --kernel $(KERNEL) -- $(CMD)

# The module under the kernel's Rust lints plus clippy.
clippy: kernel
	@scripts/build-module $(KERNEL) CLIPPY=1

# rust-project.json for editors, next to the module's sources.
rust-analyzer: kernel
	@. scripts/env.sh && make -s -C "$$KSRC" O="$$(kernel_dir $(KERNEL))" M="$$PWD" \
		"$${KMAKE_VARS[@]}" rust-analyzer

# Rewrite what ynl-gen generates from YNL specs: its golden outputs (ynl-gen/tests/golden/),
# the user crate's generated code (user/src/gen/) and the module's (module/gen/); `cargo test`
# fails while they are out of date.
regen:
	@UPDATE_GOLDEN=1 cargo test --quiet -p ynl-gen --test golden -- generates_its_golden_outputs
	@UPDATE_GENERATED=1 cargo test --quiet -p genltest --test generated -- generated_files_are_up_to_date
	@UPDATE_GENERATED=1 cargo test --quiet -p ynl-gen --test module_generated

fmt:
	@/usr/bin/rustfmt --edition 2021 --config-path "$$(. scripts/env.sh && echo $$KSRC)/.rustfmt.toml" module/genltest.rs
	@cargo fmt --all

fmt-check:
	@/usr/bin/rustfmt --check --edition 2021 --config-path "$$(. scripts/env.sh && echo $$KSRC)/.rustfmt.toml" module/genltest.rs
	@cargo fmt --all --check

clean:
	rm -rf build target
