#!/bin/sh
# Install what pasid-scan builds and tests with, on Debian 12, when run as
# root and something is missing.  Not root: say what is missing and stop.
# --list prints the package names, for CI.
# --lab is for the end-to-end tests instead: QEMU, the kernel it boots
# and what builds the guest's initramfs (scripts/check-lab.sh), and the
# ssh server the collector's test talks to.
set -eu

# strace: tests/probe.sh kills the write prober at chosen writes with its
# fault injection.
# libclang-rt-14-dev: the sanitizer and libFuzzer runtimes clang links
# (only recommended by clang).  valgrind: make check-valgrind.  time:
# GNU time, for the peak memory of the streaming test.  libxml2-utils
# (xmllint) and chromium: tests/map.sh checks the SVG and HTML are
# well-formed and renders the SVG headless to read its pixels back.
PKGS="build-essential pkg-config libpci-dev libjansson-dev libsqlite3-dev \
libyaml-dev libcmocka-dev pciutils clang libclang-rt-14-dev jq sqlite3 \
openssh-client python3 python3-yaml strace valgrind time libxml2-utils chromium"
# openssh-server: tests/collect.sh runs the fleet collector over a real
# ssh connection to a private sshd on localhost.
LAB_PKGS="qemu-system-x86 linux-image-amd64 linux-headers-amd64 busybox-static cpio openssh-server"

list=0
hint="or 'sudo make deps'"
for a in "$@"; do
	case "$a" in
	--list) list=1 ;;
	--lab)
		PKGS=$LAB_PKGS
		hint="or 'sudo scripts/install-deps.sh --lab'"
		;;
	*)
		echo "usage: install-deps.sh [--lab] [--list]" >&2
		exit 2
		;;
	esac
done

if [ $list = 1 ]; then
	echo $PKGS
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
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
