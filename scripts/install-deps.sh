#!/bin/sh
# Install what pasid-scan needs on Debian 12, when run as root and
# something is missing.  Not root: say what is missing and stop (exit 1),
# or with --soft go on (exit 0), so that the tests that need it skip and
# say why.  --list prints the package names, for CI.
#
#   --demo   what 'make demo' needs: build the tool and run it
#   (none)   what 'make check' needs: the demo's, and everything the
#            suite runs, so that nothing is skipped for want of a package
#   --lab    what 'make check-lab' needs besides: QEMU, the kernel it
#            boots and what builds the guest's initramfs
set -eu

# Build and run: a compiler, the libraries, pci.ids for names (libpci3
# depends on it).
DEMO_PKGS="build-essential pkg-config libpci-dev libjansson-dev libsqlite3-dev \
libyaml-dev"
# The suite: cmocka (unit tests); lspci and sqlite3 (differential and
# store tests); clang and libclang-rt-14-dev (make check-asan and the
# fuzz harnesses: the sanitizer and libFuzzer runtimes clang only
# recommends); jq, python3 and python3-yaml (the CLI, map and consumer
# checks); strace (tests/probe.sh kills the write prober at chosen
# writes); valgrind (make check-valgrind); time (GNU time: peak memory
# of the streaming test); libxml2-utils (xmllint) and chromium
# (tests/map.sh checks the SVG and HTML and renders the SVG headless);
# linux-image-amd64 and linux-headers-amd64 (scripts/check-kmod.sh
# builds the generated header into a module for an installed kernel);
# openssh-client, openssh-server and ansible-core (tests/collect.sh runs
# the fleet playbook, scripts/fleet/collect.yml, against private sshd
# servers on localhost).
CHECK_PKGS="$DEMO_PKGS libcmocka-dev pciutils sqlite3 clang libclang-rt-14-dev \
jq python3 python3-yaml strace valgrind time libxml2-utils chromium \
linux-image-amd64 linux-headers-amd64 openssh-client openssh-server ansible-core"
LAB_PKGS="qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static cpio"

PKGS=$CHECK_PKGS
list=0
soft=0
hint="or 'sudo make deps'"
for a in "$@"; do
	case "$a" in
	--list) list=1 ;;
	--soft) soft=1 ;;
	--demo)
		PKGS=$DEMO_PKGS
		;;
	--lab)
		PKGS=$LAB_PKGS
		hint="or 'sudo scripts/install-deps.sh --lab'"
		;;
	*)
		echo "usage: install-deps.sh [--demo|--lab] [--list] [--soft]" >&2
		exit 2
		;;
	esac
done

if [ $list = 1 ]; then
	echo "$PKGS"
	exit 0
fi

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing Debian packages:$missing" >&2
	echo "install-deps: run 'sudo apt-get install$missing' $hint" >&2
	[ $soft = 1 ] && exit 0
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
