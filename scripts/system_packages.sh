#!/usr/bin/env bash
# Debian packages the app and its tests need beyond Python, installed when missing:
#   WeasyPrint needs Pango, and HarfBuzz-Subset to subset embedded fonts;
#   the dossier tests check fonts with poppler's pdffonts and render pages with pdftoppm.
# Extra arguments are further `package:/path/it/installs` pairs (the load benchmark adds wrk).
set -euo pipefail

lib=/usr/lib/$(uname -m)-linux-gnu
missing=()
for pair in "libpango-1.0-0:$lib/libpango-1.0.so.0" \
            "libpangoft2-1.0-0:$lib/libpangoft2-1.0.so.0" \
            "libharfbuzz-subset0:$lib/libharfbuzz-subset.so.0" \
            "poppler-utils:/usr/bin/pdffonts" \
            "$@"; do
  [ -e "${pair#*:}" ] || missing+=("${pair%%:*}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages: ${missing[*]}. Install them (Debian: apt-get install ${missing[*]})." >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
