#!/usr/bin/env bash
# One-off scaffolding of an Nx project: project.json with tags, jest config, src/index.ts.
# usage: tools/scaffold.sh <dir> <name> <tags comma separated>
set -euo pipefail
dir=$1 name=$2 tags=$3
mkdir -p "$dir/src"
depth=$(echo "$dir" | awk -F/ '{print NF}')
up=$(printf '../%.0s' $(seq 1 "$depth"))
tag_json=$(echo "$tags" | awk -F, '{for(i=1;i<=NF;i++){printf "%s\"%s\"", (i>1?", ":""), $i}}')
ptype=library; [[ $dir == apps/* ]] && ptype=application
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "${up}node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "$ptype",
  "tags": [$tag_json],
  "targets": {
    "lint": {},
    "test": { "options": { "jestConfig": "$dir/jest.config.js" } }
  }
}
JSON
cat > "$dir/jest.config.js" <<JS
module.exports = {
  ...require('${up}jest.preset.js'),
  displayName: '$name',
  rootDir: __dirname,
};
JS
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
