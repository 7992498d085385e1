#!/usr/bin/env bash
# Rebuild the vendored GOV.UK Frontend + MoJ Frontend assets.
#
#   bash frontend/build.sh        (from the repo root; needs node + npm)
#
# Installs the exact versions pinned in frontend/package-lock.json into
# frontend/node_modules (not committed), compiles frontend/app.scss and
# replaces src/journey/static/vendor/ (committed) with:
#   css/journey.css              compiled, compressed CSS (Arial, no GDS Transport)
#   js/govuk-frontend.min.js     ES module, exports initAll
#   js/moj-frontend.min.js       ES module, exports initAll
#   assets/manifest.json, assets/images/*   (GOV.UK + MoJ images; no fonts)
#   VERSIONS.txt
# Idempotent: the output folder is deleted and recreated on every run.
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$FRONTEND_DIR/.." && pwd)"
OUT="$REPO_ROOT/src/journey/static/vendor"

cd "$FRONTEND_DIR"

# Exact versions from package-lock.json. Install scripts are not needed
# (sass is pure JS; @parcel/watcher is only for --watch).
npm ci --ignore-scripts --no-audit --no-fund

GOVUK="node_modules/govuk-frontend/dist/govuk"
MOJ="node_modules/@ministryofjustice/frontend/moj"

BUILD="$(mktemp -d)"
trap 'rm -rf "$BUILD"' EXIT

npx --no-install sass --load-path=. --style=compressed --no-source-map \
  app.scss "$BUILD/journey.css"

# The GDS Transport font is licensed for GOV.UK only: fail if it leaks in.
if grep -qi -e 'gds[ -]*transport' -e '@font-face' "$BUILD/journey.css"; then
  echo "build.sh: compiled CSS references GDS Transport / @font-face" >&2
  exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT/css" "$OUT/js" "$OUT/assets/images"

cp "$BUILD/journey.css" "$OUT/css/journey.css"

# ES modules (export initAll). Strip the trailing sourceMappingURL comment:
# the .map files are not shipped, and Django's ManifestStaticFilesStorage
# would fail collectstatic on a reference to a missing file.
strip_map() { sed -E 's|//# sourceMappingURL=[^[:space:]]*[[:space:]]*$||' "$1" > "$2"; }
strip_map "$GOVUK/govuk-frontend.min.js" "$OUT/js/govuk-frontend.min.js"
strip_map "$MOJ/moj-frontend.min.js" "$OUT/js/moj-frontend.min.js"

# Images (GOV.UK first, then MoJ; the names do not overlap) and the web app
# manifest. No fonts: Arial is a system font.
cp "$GOVUK"/assets/images/* "$OUT/assets/images/"
cp "$MOJ"/assets/images/* "$OUT/assets/images/"
cp "$GOVUK/assets/manifest.json" "$OUT/assets/manifest.json"

# Every url(...) in the CSS must resolve to a shipped file.
missing=0
while IFS= read -r ref; do
  [[ "$ref" == data:* || "$ref" == http* || "$ref" == "#"* ]] && continue
  if [[ ! -f "$OUT/css/$ref" ]]; then
    echo "build.sh: missing asset for url($ref)" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$OUT/css/journey.css" | sed -E 's/^url\(["'"'"']?//; s/["'"'"']?\)$//' | sort -u)
[[ $missing -eq 0 ]] || exit 1

version() { node -p "require('./node_modules/$1/package.json').version"; }
cat > "$OUT/VERSIONS.txt" <<EOF
Built by frontend/build.sh from frontend/package-lock.json. Do not edit by hand.
govuk-frontend $(version govuk-frontend)
@ministryofjustice/frontend $(version @ministryofjustice/frontend)
sass $(version sass)
font: arial, sans-serif (GDS Transport not used)
EOF

echo "build.sh: wrote $OUT"
