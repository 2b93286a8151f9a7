#!/usr/bin/env bash
# libFuzzer runs of the core's parsers (see tests/fuzz/README.md).
#   run.sh                   every target for 30 s (the CI smoke)
#   run.sh TARGET [SECONDS]  one target (default 600 s)
#   run.sh build             build the harnesses only
# Targets: plan csv value text import.  Environment: KH_FUZZ_BUILD (build
# folder, default build-fuzz/), KH_FUZZ_JOBS (compile jobs, default 2),
# CC_FUZZ (default clang), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${KH_FUZZ_BUILD:-$repo/build-fuzz}
targets=(plan csv value text import config)
# The core sources the harnesses reach (an archive: each harness links
# only what it calls; only import needs the store).
core=(error date strbuf readfile text paths lang config entry parse plan yaml_tree loader csv
	import check describe out store store_period)
pkgs=(yaml-0.1 libutf8proc sqlite3)

say() { printf 'fuzz: %s\n' "$*" >&2; }

cc=${CC_FUZZ:-clang}
# shellcheck disable=SC2054 # the commas belong to -fsanitize=
cflags=(-std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1
	-fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
	-fno-sanitize-recover=all -Wall -Wextra
	-I"$repo/include" -I"$repo/src" -I"$here" -I"$build/gen"
	-DKH_FUZZ_PLAN="\"$repo/plan.yaml\"")

# Can this clang link a libFuzzer program?  (Debian: clang plus
# libclang-rt-NN-dev, which holds libclang_rt.fuzzer.)
clang_works() {
	command -v "$cc" >/dev/null 2>&1 || return 1
	local t
	t=$(mktemp -d)
	printf '%s\n' '#include <stdint.h>' '#include <stddef.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' >"$t/t.c"
	local rc=0
	"$cc" -fsanitize=fuzzer,address,undefined "$t/t.c" -o "$t/t" \
		>/dev/null 2>&1 || rc=1
	rm -rf "$t"
	return $rc
}

install_clang() {
	clang_works && return 0
	local want=(clang libclang-rt-dev)
	if ! command -v apt-get >/dev/null 2>&1; then
		say "need clang with the libFuzzer runtime (compiler-rt); install it and rerun"
		exit 1
	fi
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || {
			say "need root to install: ${want[*]}"; exit 1; }
		sudo=(sudo)
	fi
	say "installing: ${want[*]}"
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends \
		"${want[@]}" >/dev/null
	clang_works || { say "clang still cannot link -fsanitize=fuzzer"; exit 1; }
}

# Rebuild an output when it is older than any of the given inputs.
stale() { # OUT INPUT...
	local out=$1 f; shift
	[ -e "$out" ] || return 0
	for f in "$@"; do
		[ "$f" -nt "$out" ] && return 0
	done
	return 1
}

build_all() { # TARGET...
	install_clang
	mkdir -p "$build/obj" "$build/gen"
	# What meson's configure step writes for the core (the harnesses
	# never look for installed files, the values only have to exist).
	if [ ! -f "$build/gen/config.h" ]; then
		cat >"$build/gen/config.h" <<-'EOF'
		#define KH_DATADIR "/usr/local/share/kehoach"
		#define KH_LOCALEDIR "/usr/local/share/locale"
		#define KH_BIN_TO_LOCALEDIR "../share/locale"
		#define KH_BIN_TO_DATADIR "../share/kehoach"
		#define KH_BUILD_LOCALEDIR "po"
		#define KH_HAVE_XLSX 0
		EOF
	fi
	local pc_cflags pc_libs headers=("$repo"/include/kehoach/*.h "$repo"/src/*.h "$here/fuzz.h")
	# shellcheck disable=SC2207
	pc_cflags=($(pkg-config --cflags "${pkgs[@]}"))
	# shellcheck disable=SC2207
	pc_libs=($(pkg-config --libs "${pkgs[@]}"))
	local objs=() pids=() s o
	local jobs=${KH_FUZZ_JOBS:-2}
	for s in "${core[@]}"; do
		o=$build/obj/$s.o
		objs+=("$o")
		if stale "$o" "$repo/src/$s.c" "${headers[@]}" "$here/run.sh"; then
			"$cc" "${cflags[@]}" "${pc_cflags[@]}" -c "$repo/src/$s.c" -o "$o" &
			pids+=($!)
			if [ ${#pids[@]} -ge "$jobs" ]; then
				wait "${pids[0]}" || { say "compiling failed"; exit 1; }
				pids=("${pids[@]:1}")
			fi
		fi
	done
	for s in "${pids[@]}"; do
		wait "$s" || { say "compiling failed"; exit 1; }
	done
	local lib=$build/libcore.a
	if stale "$lib" "${objs[@]}"; then
		rm -f "$lib"
		ar rcs "$lib" "${objs[@]}"
	fi
	local t
	for t in "$@"; do
		if stale "$build/fuzz_$t" "$here/fuzz_$t.c" "$lib" "${headers[@]}"; then
			"$cc" "${cflags[@]/fuzzer-no-link/fuzzer}" "${pc_cflags[@]}" \
				"$here/fuzz_$t.c" "$lib" -o "$build/fuzz_$t" \
				"${pc_libs[@]}" -lm || { say "linking fuzz_$t failed"; exit 1; }
		fi
	done
}

run_one() { # TARGET SECONDS
	local t=$1 secs=$2
	local work=$build/corpus/$t crashes=$build/crashes/$t
	local seeds=$here/corpus/$t regress=$here/regression/$t
	mkdir -p "$work" "$crashes" "$seeds" "$regress"
	local dict=()
	[ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
	say "$t: ${secs}s; new inputs in $work, crashes in $crashes/"
	# The first folder receives what libFuzzer finds; the committed seeds
	# and regression inputs are read only.
	local rc=0
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
		"$build/fuzz_$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/" "${dict[@]}" ${FUZZ_ARGS:-} \
		"$work" "$seeds" "$regress" || rc=$?
	if [ $rc -ne 0 ]; then
		say "$t: FAILED (exit $rc); the input is in $crashes/"
		say "reproduce: $build/fuzz_$t $crashes/<file>"
		say "then copy it to tests/fuzz/regression/$t/ (see README.md)"
	fi
	return $rc
}

case ${1:-all} in
build)
	build_all "${targets[@]}"
	say "built in $build"
	;;
all)
	build_all "${targets[@]}"
	secs=${2:-30}
	status=0
	for t in "${targets[@]}"; do
		run_one "$t" "$secs" || status=1
	done
	exit $status
	;;
*)
	t=$1
	if [ ! -f "$here/fuzz_$t.c" ]; then
		say "unknown target '$t' (targets: ${targets[*]})"
		exit 2
	fi
	build_all "$t"
	run_one "$t" "${2:-600}"
	;;
esac
