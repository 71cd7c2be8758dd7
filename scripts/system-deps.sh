#!/usr/bin/env bash
# Find or install the system tools designkit needs: Chromium prints the PDF report,
# npm fetches the AsyncAPI schema for the tests; Graphviz draws static diagrams.
# As root on Debian/Ubuntu they are installed with apt-get; otherwise this says
# exactly what to install and fails, so nothing relies on a hand install.
set -euo pipefail

missing=()
if [ -n "${DESIGNKIT_CHROMIUM:-}" ]; then
  command -v "$DESIGNKIT_CHROMIUM" >/dev/null 2>&1 || [ -x "$DESIGNKIT_CHROMIUM" ] || {
    echo "DESIGNKIT_CHROMIUM=$DESIGNKIT_CHROMIUM is not an executable" >&2; exit 1; }
else
  found=""
  for b in chromium chromium-browser google-chrome google-chrome-stable chrome; do
    if command -v "$b" >/dev/null 2>&1; then found="$b"; break; fi
  done
  [ -n "$found" ] || missing+=(chromium)
fi

# npm fetches the official AsyncAPI JSON Schema the tests validate against.
command -v npm >/dev/null 2>&1 || missing+=(npm)

# Graphviz's dot draws the static diagrams of the report; without it designkit
# falls back to its own layered SVG, so both paths are tested where dot exists.
command -v dot >/dev/null 2>&1 || missing+=(graphviz)

# promtool (Debian ships it in the prometheus package) is the real validator of
# the generated Prometheus rules; the tests and the notebooks run it.
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

cat >&2 <<MSG
designkit needs these system packages: ${missing[*]}
  Debian/Ubuntu: sudo apt-get install ${missing[*]}
  Fedora:        sudo dnf install chromium npm graphviz golang-github-prometheus-promtool
  macOS:         brew install --cask chromium; brew install node graphviz prometheus   (or set DESIGNKIT_CHROMIUM to Chrome)
Or point DESIGNKIT_CHROMIUM at any Chromium or Chrome binary.
MSG
exit 1
