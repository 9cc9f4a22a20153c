#!/usr/bin/env bash
# Builds, for the platform this runs on, the self-contained QueryLens bundle and the npm packages:
#
#   target/querylens-<platform>/          the bundle: runtime/ (a jlink image holding only the modules in
#                                         jlink-modules), lib/querylens.jar and beside it lib/querylens-exact.jar
#                                         (OR-Tools, which advise --exact loads from there), bin/querylens (the
#                                         launcher); it is also the npm package @querylens/<platform>
#   target/querylens-<platform>-<v>.tgz   that package, packed by npm pack
#   target/querylens/                     the npm package `querylens`: the `querylens` command, which
#                                         execs the bundle npm installed for the platform
#   target/querylens-<v>.tgz              that package, packed by npm pack
#
# <platform> is Node's process.platform-process.arch (linux-x64, darwin-arm64, win32-x64, ...), the name
# npm's os/cpu fields use. A release runs this once per platform, on that platform (jlink's CDS archive
# is made by running the image's own java), and publishes every @querylens/<platform> tarball and the
# one querylens tarball; see npm/README.md.
#
# Usage: build.sh VERSION PATH/TO/querylens.jar OUTPUT-DIR     (mvn package runs it; needs jlink, and npm for the tarballs)
# querylens-exact.jar is taken from beside querylens.jar, where the analyzer's build writes both.
set -euo pipefail
version=$1
jar=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "querylens dist: $*" >&2; exit 1; }

[ -f "$jar" ] || fail "no $jar: build the analyzer first (mvn -pl dist -am package)"
# absolute: npm pack reads a relative "dir/name" as a GitHub repository
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
exact=$(dirname "$jar")/querylens-exact.jar
[ -f "$exact" ] || fail "no $exact beside $jar: build the analyzer first (mvn -pl dist -am package)"
mkdir -p "$out"
out=$(cd "$out" && pwd)
jlink=${JAVA_HOME:+$JAVA_HOME/bin/}jlink
command -v "$jlink" >/dev/null 2>&1 || fail "jlink not found: the bundle needs a full JDK 17 (set JAVA_HOME), or skip it with -Dquerylens.dist.skip=true"
# without npm (a Java developer's machine) the bundle is still built; CI has npm, and .ci/npm-test.sh
# fails when the tarballs are missing
pack=yes
command -v npm >/dev/null 2>&1 || pack=

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW*|MSYS*|CYGWIN*) os=win32 ;;
  *) fail "no npm platform name for $(uname -s)" ;;
esac
case "$(uname -m)" in
  x86_64|amd64) cpu=x64 ;;
  aarch64|arm64) cpu=arm64 ;;
  *) fail "no npm cpu name for $(uname -m)" ;;
esac
platform=$os-$cpu
bundle=$out/querylens-$platform
main=$out/querylens

rm -rf "$bundle" "$main" "$out"/querylens-*.tgz
mkdir -p "$bundle/lib" "$bundle/bin" "$main/bin"

# the runtime: only the listed modules; debug attributes, headers and man pages stripped; resources
# compressed (the npm tarball is gzipped anyway, but the unpacked size is what a user keeps)
modules=$(grep -v '^#' "$here/jlink-modules" | grep -v '^ *$' | paste -sd, -)
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --generate-cds-archive --output "$bundle/runtime" > "$out/jlink.log" \
  || { cat "$out/jlink.log" >&2; fail "jlink failed"; }
# the CDS archive for heaps over 32 GB (no compressed oops): 10 MB unpacked for a heap QueryLens does
# not use; without it such a JVM just loads its classes the usual way
rm -f "$bundle/runtime/lib/server/classes_nocoops.jsa"
# the modules' legal notices are symlinks to java.base's, and npm pack leaves symlinks out: copies
find "$bundle/runtime" -type l | while read -r link; do
  cp "$link" "$link.copy" && rm "$link" && mv "$link.copy" "$link"
done

cp "$jar" "$bundle/lib/querylens.jar"
# beside it, where querylens.jar looks for it (SolverJar): a run without --exact never opens it
cp "$exact" "$bundle/lib/querylens-exact.jar"
if [ "$os" != win32 ]; then
  cp "$here/npm/platform/bin/querylens" "$bundle/bin/querylens"
  chmod 755 "$bundle/bin/querylens"
fi
cp "$here/npm/platform/README.md" "$bundle/README.md"
sed -e "s/@PLATFORM@/$platform/g" -e "s/@OS@/$os/g" -e "s/@CPU@/$cpu/g" -e "s/@VERSION@/$version/g" \
  "$here/npm/platform/package.json" > "$bundle/package.json"

cp "$here/npm/querylens/bin/querylens" "$here/npm/querylens/bin/querylens.js" "$main/bin/"
chmod 755 "$main/bin/querylens" "$main/bin/querylens.js"
cp "$here/npm/querylens/README.md" "$main/README.md"
sed -e "s/@VERSION@/$version/g" "$here/npm/querylens/package.json" > "$main/package.json"

if [ -z "$pack" ]; then
  echo "querylens dist: WARNING npm not found: built the bundle $bundle, but not the npm tarballs (they need Node.js with npm)" >&2
  exit 0
fi
# npm pack writes <name>-<version>.tgz (a scope becomes a prefix: @querylens/linux-x64 ->
# querylens-linux-x64-<v>.tgz); its own cache, so a build neither reads nor writes the user's
(cd "$out" && npm pack --silent --cache "$out/npm-cache" "$bundle" "$main" > /dev/null) \
  || fail "npm pack failed (its log is in $out/npm-cache/_logs)"
rm -rf "$out/npm-cache"
[ -f "$out/querylens-$version.tgz" ] || fail "npm pack did not write querylens-$version.tgz"
[ -f "$out/querylens-$platform-$version.tgz" ] || fail "npm pack did not write querylens-$platform-$version.tgz"
echo "querylens dist: $bundle ($(du -sh "$bundle" | cut -f1)), $out/querylens-$platform-$version.tgz ($(du -h "$out/querylens-$platform-$version.tgz" | cut -f1)), $out/querylens-$version.tgz"
