#!/usr/bin/env bash
# Runs LaneRaceProbe against the packaged service's classes: does one instance ever run two
# batches of the same coupon at once? Exit 1 if it does. Needs bootstrap/target/coupons.jar.
set -Eeuo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR="$HERE/../../bootstrap/target/coupons.jar"
JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -f $JAR ]] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
WORK=$(mktemp -d /tmp/coupons-lane-probe.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && "$JAVA_HOME/bin/jar" xf "$JAR" BOOT-INF/classes BOOT-INF/lib)
CP="$WORK/BOOT-INF/classes:$WORK/BOOT-INF/lib/*"
"$JAVA_HOME/bin/javac" -nowarn -d "$WORK/probe" -cp "$CP" "$HERE/LaneRaceProbe.java"
status=0
# Few clients with pauses between claims: lanes fall idle (and get removed) often.
for cfg in "4 10 1000 platform" "8 10 300 platform" "16 10 100 platform"; do
    echo "== threads, seconds, max pause µs, thread kind: $cfg"
    "$JAVA_HOME/bin/java" -cp "$WORK/probe:$CP" LaneRaceProbe $cfg | tee "$WORK/out"
    grep -q '^RACE' "$WORK/out" && status=1
done
exit $status
