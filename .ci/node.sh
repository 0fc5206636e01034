# Sourced by .ci/run: puts Node.js 24 (the current LTS, package.json "engines") first on PATH.
# A machine whose own Node.js is older gets it from the npm registry's node-<os>-<arch> package
# (the registry is the one download CI may rely on), unpacked once under ~/.cache/marquee.
MARQUEE_NODE_VERSION=24.21.0
marquee_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(marquee_node_major)" -lt 24 ]; then
  case "$(uname -m)" in
    x86_64) marquee_arch=x64 ;;
    aarch64 | arm64) marquee_arch=arm64 ;;
    *) echo "no Node.js 24 package for $(uname -m): install Node.js 24 and run again" >&2; exit 1 ;;
  esac
  marquee_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/marquee/node-v$MARQUEE_NODE_VERSION-linux-$marquee_arch"
  if [ ! -x "$marquee_node_dir/bin/node" ]; then
    marquee_tmp="$(mktemp -d)"
    (cd "$marquee_tmp" && npm pack --silent "node-linux-$marquee_arch@$MARQUEE_NODE_VERSION" >/dev/null)
    mkdir -p "$marquee_node_dir"
    tar -xzf "$marquee_tmp"/node-linux-*.tgz -C "$marquee_node_dir" --strip-components=1
    rm -rf "$marquee_tmp"
  fi
  export PATH="$marquee_node_dir/bin:$PATH"
  # Native addons built from source compile against this Node's headers, not the machine's.
  export npm_config_nodedir="$marquee_node_dir"
fi
echo "node $(node --version), npm $(npm --version)"
