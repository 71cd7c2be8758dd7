#!/usr/bin/env bash
# Install Mermaid's own parser, which the tests run on the generated .mmd
# diagrams, from the npm packages mermaid and jsdom (Mermaid expects a DOM;
# jsdom gives node one, so no browser is needed).
#
#   scripts/fetch-mermaid.sh     (run from anywhere; safe to run again)
#
# Installs into .venv/share/designkit/mermaid (override with
# DESIGNKIT_MERMAID_DIR). Does nothing when it is already there. Never committed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${DESIGNKIT_MERMAID_DIR:-$ROOT/.venv/share/designkit/mermaid}
PACKAGES=(mermaid@11 jsdom@29)

if [[ -s $TARGET/.complete ]]; then
    echo "Mermaid parser already present: $TARGET"
    exit 0
fi

for tool in npm node; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool is needed to install Mermaid's parser (${PACKAGES[*]})." >&2
        echo "Install Node.js and npm (e.g. 'apt-get install npm'), then run $0 again." >&2
        exit 1
    fi
done

# Install beside the target, then rename, so an interrupted run leaves nothing half done.
rm -rf "$TARGET.tmp"
mkdir -p "$TARGET.tmp"
echo "Installing ${PACKAGES[*]} with npm ..."
(cd "$TARGET.tmp" && npm init -y >/dev/null &&
    npm install --silent --no-audit --no-fund "${PACKAGES[@]}" >/dev/null)
node -e 'console.log(require(process.argv[1] + "/node_modules/mermaid/package.json").version)' \
    "$TARGET.tmp" > "$TARGET.tmp/.complete"
rm -rf "$TARGET"
mv "$TARGET.tmp" "$TARGET"
echo "Installed mermaid $(cat "$TARGET/.complete") into $TARGET"
