# Shared by the benchmark scripts (sourced, not run).
export AWS_REGION=${AWS_REGION:-us-east-1} AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test} \
  AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test} AWS_EC2_METADATA_DISABLED=true

# The function jars, the baselines and the harness, with the harness's class path; no tests run.
# The baselines are named: nothing depends on them, so -am alone would not build them.
build() {
  scripts/python-tools moto
  mvn -B -q -pl benchmarks,benchmarks/hello-world,benchmarks/sample-listings -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
}

# Runs a harness main class on the build's JDK (children may use BENCH_JAVA).
java_cmd() {
  local child_java=()
  [ -n "${BENCH_JAVA:-}" ] && child_java=("-Dbench.java=$BENCH_JAVA")
  java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" -Drepo.root="$PWD" \
    "${child_java[@]}" ${BENCH_PROPS:-} "$@"
}
