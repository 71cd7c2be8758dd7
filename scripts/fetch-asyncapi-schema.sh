#!/usr/bin/env bash
# Fetch the official AsyncAPI 3.0.0 JSON Schema, which the tests validate the
# generated AsyncAPI documents against, from the npm package @asyncapi/specs.
#
#   scripts/fetch-asyncapi-schema.sh     (run from anywhere; safe to run again)
#
# Writes .venv/share/designkit/asyncapi-3.0.0.json (override with
# DESIGNKIT_ASYNCAPI_SCHEMA). Does nothing when that file is already there.
# The schema is never committed: it is fetched into the virtual environment.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${DESIGNKIT_ASYNCAPI_SCHEMA:-$ROOT/.venv/share/designkit/asyncapi-3.0.0.json}
PACKAGE="@asyncapi/specs@6"
# The package's file for 3.0.0 with its $id-based references already inlined.
MEMBER='package/schemas/3.0.0-without-$id.json'

if [[ -s $TARGET ]]; then
    echo "AsyncAPI 3.0.0 schema already present: $TARGET"
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm is needed to fetch the AsyncAPI 3.0.0 schema ($PACKAGE)." >&2
    echo "Install Node.js and npm (e.g. 'apt-get install npm'), then run $0 again." >&2
    exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "Downloading $PACKAGE with npm pack ..."
(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null)
TARBALL=$(find "$WORK" -maxdepth 1 -name '*.tgz' | head -n 1)
if [[ -z $TARBALL ]]; then
    echo "error: npm pack $PACKAGE produced no tarball" >&2
    exit 1
fi

if ! tar -xzf "$TARBALL" -C "$WORK" "$MEMBER" 2>/dev/null; then
    echo "error: $(basename "$TARBALL") has no $MEMBER; its 3.0.0 schemas are:" >&2
    tar -tzf "$TARBALL" | grep '^package/schemas/3\.0\.0' >&2 || echo "  (none)" >&2
    exit 1
fi

mkdir -p "$(dirname "$TARGET")"
# Copy then rename, so an interrupted run never leaves a partial schema behind.
cp "$WORK/$MEMBER" "$TARGET.tmp"
mv "$TARGET.tmp" "$TARGET"
echo "Wrote $TARGET (from $(basename "$TARBALL" .tgz), ${MEMBER#package/})"
