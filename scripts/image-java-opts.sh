#!/usr/bin/env bash
# Prints the JVM flags the image runs with: the Dockerfile's JAVA_OPTS, the one place they are written.
# Scripts and benchmarks that claim to run "with the image's flags" take them from here, so that a
# change to the Dockerfile is measured everywhere at once.
#   usage: scripts/image-java-opts.sh            -> -Xms64m -Xmx192m ...
set -euo pipefail
dockerfile="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/Dockerfile"
opts=$(sed -n 's/^ *JAVA_OPTS="\([^"]*\)".*/\1/p' "$dockerfile")
[ -n "$opts" ] || { echo "no JAVA_OPTS=\"...\" line in $dockerfile" >&2; exit 1; }
echo "$opts"
