#!/usr/bin/env bash
# Fetch Backstage's published JSON Schemas of catalog entities, which the tests
# validate the generated catalog-info.yaml against, from the npm package
# @backstage/catalog-model (it ships them as compiled modules under
# dist/schema/; node turns each back into JSON).
#
#   scripts/fetch-backstage-schemas.sh     (run from anywhere; safe to run again)
#
# Writes .venv/share/designkit/backstage/<id>.json, one file per schema, named
# after its $id (override the folder with DESIGNKIT_BACKSTAGE_SCHEMAS). Does
# nothing when the folder is already complete. Never committed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${DESIGNKIT_BACKSTAGE_SCHEMAS:-$ROOT/.venv/share/designkit/backstage}
PACKAGE="@backstage/catalog-model@1"
SCHEMAS="Entity EntityEnvelope EntityMeta shared/common kinds/API.v1alpha1 kinds/Component.v1alpha1
kinds/Domain.v1alpha1 kinds/Group.v1alpha1 kinds/Resource.v1alpha1 kinds/System.v1alpha1"

if [[ -s $TARGET/.complete ]]; then
    echo "Backstage catalog schemas already present: $TARGET"
    exit 0
fi

for tool in npm node; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool is needed to fetch the Backstage catalog schemas ($PACKAGE)." >&2
        echo "Install Node.js and npm (e.g. 'apt-get install npm'), then run $0 again." >&2
        exit 1
    fi
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "Downloading $PACKAGE with npm pack ..."
(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null)
TARBALL=$(find "$WORK" -maxdepth 1 -name '*.tgz' | head -n 1)
if [[ -z $TARBALL ]]; then
    echo "error: npm pack $PACKAGE produced no tarball" >&2
    exit 1
fi
tar -xzf "$TARBALL" -C "$WORK" package/dist/schema

mkdir -p "$WORK/out"
for name in $SCHEMAS; do
    module="$WORK/package/dist/schema/$name.schema.json.cjs.js"
    if [[ ! -f $module ]]; then
        echo "error: $(basename "$TARBALL") has no dist/schema/$name.schema.json.cjs.js" >&2
        exit 1
    fi
    # The module's default export is the schema; name the file after its $id.
    node -e '
        const schema = require(process.argv[1]).default;
        const out = require("path").join(process.argv[2], schema.$id + ".json");
        require("fs").writeFileSync(out, JSON.stringify(schema, null, 2) + "\n");
    ' "$module" "$WORK/out"
done

# Copy then rename, so an interrupted run never leaves a partial set behind.
mkdir -p "$(dirname "$TARGET")"
rm -rf "$TARGET.tmp"
cp -r "$WORK/out" "$TARGET.tmp"
basename "$TARBALL" .tgz > "$TARGET.tmp/.complete"
rm -rf "$TARGET"
mv "$TARGET.tmp" "$TARGET"
echo "Wrote $TARGET (from $(basename "$TARBALL" .tgz))"
