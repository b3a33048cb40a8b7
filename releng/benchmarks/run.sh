#!/usr/bin/env bash
# Runs a benchmark after `./mvnw -B verify` (or `./mvnw -B -pl releng/benchmarks package`):
#   releng/benchmarks/run.sh jmh [JMH options]          JMH benchmarks (KernelCrossoverBenchmark)
#   releng/benchmarks/run.sh trace TEMP_DIR [...]       trace store harness (README-trace.md)
#   releng/benchmarks/run.sh sampling [...]             blue-noise sampling harness (README-sampling.md)
#   releng/benchmarks/run.sh density [...]              density image and redraw (README-sampling.md)
#   releng/benchmarks/run.sh sampling-ab DIR...         sampler builds alternated in one JVM (README-sampling.md)
#   releng/benchmarks/run.sh credit [...]               credit assignment harness (README-credit.md)
#   releng/benchmarks/run.sh overview [...]            training overview, 10 M points (README-overview.md)
#   releng/benchmarks/run.sh dl4j [...]                 DL4J recording overhead (README-dl4j.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
what=${1:?usage: run.sh jmh|trace|sampling [args]}
shift
case "$what" in
  jmh) exec java -cp "$cp" org.openjdk.jmh.Main "$@";;
  trace) exec java -Xmx2g -cp "$cp" org.trainscope.benchmarks.trace.TraceStoreBenchmark "$@";;
  sampling) exec java -Xmx6g -cp "$cp" org.trainscope.benchmarks.sampling.SamplingBenchmark "$@";;
  sampling-ab) exec java -Xmx8g -Dcommon.classpath="$(cat "$here/target/classpath.txt")" -cp "$cp" \
      org.trainscope.benchmarks.sampling.AlternatingBuildsBenchmark "$@";;
  overview) exec java -Xmx3g -cp "$cp" org.trainscope.benchmarks.overview.OverviewBenchmark "$@";;
  density) exec java -Xmx3g -cp "$cp" org.trainscope.benchmarks.sampling.DensityBenchmark "$@";;
  dl4j) exec java -Xmx4g -cp "$cp" org.trainscope.benchmarks.dl4j.Dl4jRecordingBenchmark "$@";;
  credit) exec java -Xmx3g -cp "$cp" org.trainscope.benchmarks.credit.CreditBenchmark "$@";;
  *) echo "run.sh: unknown benchmark $what" >&2; exit 2;;
esac
