#!/usr/bin/env bash
# Runs a benchmark after `./mvnw -B verify` (or `./mvnw -B -pl releng/benchmarks package`):
#   releng/benchmarks/run.sh jmh [JMH options]          JMH benchmarks (KernelCrossoverBenchmark)
#   releng/benchmarks/run.sh trace TEMP_DIR [...]       trace store harness (README-trace.md)
#   releng/benchmarks/run.sh chunk-files TEMP_DIR [...] channel cache vs 100 chunk files (README-trace.md)
#   releng/benchmarks/run.sh sampling [...]             blue-noise sampling harness (README-sampling.md)
#   releng/benchmarks/run.sh density [...]              density image and redraw (README-sampling.md)
#   releng/benchmarks/run.sh bigtrace TRACE [...]       blue noise on a big trace (README-sampling.md)
#   releng/benchmarks/run.sh sampling-ab DIR...         sampler builds alternated in one JVM (README-sampling.md)
#   releng/benchmarks/run.sh summaries --trace DIR [...] one-pass tensor summaries on a big trace (README-summaries.md)
#   releng/benchmarks/run.sh first-open --trace DIR [...] summary and blue noise in one pass vs two (README-summaries.md)
#   releng/benchmarks/run.sh credit [...]               credit assignment harness (README-credit.md)
#   releng/benchmarks/run.sh overview [...]            training overview, 10 M points (README-overview.md)
#   releng/benchmarks/run.sh dl4j [...]                 DL4J recording overhead (README-dl4j.md)
#   releng/benchmarks/run.sh cnnvis                     CNNVis redraw after a filter change, in the workbench
#                                                       (needs DISPLAY; README-cnnvis.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = cnnvis ]; then  # a workbench harness: built and run by Tycho, not on the plain class path
  shift
  cd "$here/../.." && exec ./mvnw -o -B verify -pl bundles/org.trainscope.ui.tests,features/org.trainscope.rcp.feature,\
features/org.trainscope.feature,features/org.trainscope.demo.feature,examples/com.example.trainscope.rnn -am \
    -Dtest=CnnVisRedrawBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
fi
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
what=${1:?usage: run.sh jmh|trace|sampling [args]}
shift
case "$what" in
  jmh) exec java -cp "$cp" org.openjdk.jmh.Main "$@";;
  trace) exec java -Xmx2g -cp "$cp" org.trainscope.benchmarks.trace.TraceStoreBenchmark "$@";;
  chunk-files) exec java -Xmx2g -cp "$cp" org.trainscope.benchmarks.trace.ChunkFilesBenchmark "$@";;
  sampling) exec java -Xmx6g -cp "$cp" org.trainscope.benchmarks.sampling.SamplingBenchmark "$@";;
  sampling-ab) exec java -Xmx8g -Dcommon.classpath="$(cat "$here/target/classpath.txt")" -cp "$cp" \
      org.trainscope.benchmarks.sampling.AlternatingBuildsBenchmark "$@";;
  overview) exec java -Xmx3g -cp "$cp" org.trainscope.benchmarks.overview.OverviewBenchmark "$@";;
  bigtrace) exec java -Xmx3g -cp "$cp" org.trainscope.benchmarks.sampling.BigTraceSamplingBenchmark "$@";;
  density) exec java -Xmx3g -cp "$cp" org.trainscope.benchmarks.sampling.DensityBenchmark "$@";;
  dl4j) exec java -Xmx4g -cp "$cp" org.trainscope.benchmarks.dl4j.Dl4jRecordingBenchmark "$@";;
  first-open) exec java -Xmx${SUMMARY_HEAP:-3g} -cp "$cp" org.trainscope.benchmarks.sampling.FirstOpenBenchmark "$@";;
  summaries) exec java -Xmx${SUMMARY_HEAP:-2g} -cp "$cp" org.trainscope.benchmarks.sampling.SummaryBenchmark "$@";;
  credit) exec java -Xmx3g -cp "$cp" org.trainscope.benchmarks.credit.CreditBenchmark "$@";;
  *) echo "run.sh: unknown benchmark $what" >&2; exit 2;;
esac
