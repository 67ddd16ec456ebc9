#!/usr/bin/env bash
# bin/facespark notebook: Jupyter on notebooks/ with the project's Java kernel.
#
#   bin/facespark notebook                install the kernel spec, start Jupyter
#   bin/facespark notebook --kernel-only  install the kernel spec, print where
#   bin/facespark notebook --execute [--output-dir DIR] NOTEBOOK...
#       run notebooks headless (nbconvert); fails on any cell error;
#       --output-dir DIR writes the executed copies there, keeping the originals
#
# The kernel is rapaio-jupyter-kernel (Maven Central, built into
# notebooks/target/kernel). Its kernel.json runs Java 17 with the project's JVM
# flags and puts the jobs jar and the Spark runtime on the classpath, so cells
# can use SparkSession, core and cosine_sim. Jupyter itself comes from Debian
# packages: bin/install-jupyter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KERNEL_NAME=facespark-java
SPEC_ROOT="$FACESPARK_HOME/notebooks/target/jupyter"
SPEC_DIR="$SPEC_ROOT/kernels/$KERNEL_NAME"
# A kernel start could hang (PLATFORM.md: a startup race in the kernel's channel loops, about 1
# start in 4). The race is fixed by our own LoopThread (notebooks/src/main), which kernel.json puts
# before the kernel jar; should a start still stall, nbconvert gives up on a silent kernel after
# this long and we retry a bounded number of times.
STARTUP_TIMEOUT=60
ATTEMPTS=3

# The help is the comment block above, up to its last line.
usage() { sed -n '2,/^[^#]/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

require_jupyter() {
  command -v jupyter >/dev/null 2>&1 && jupyter nbconvert --version >/dev/null 2>&1 \
    || die "Jupyter (nbconvert) not found: run bin/install-jupyter (Debian packages) first."
}

kernel_jar() { ls "$FACESPARK_HOME"/notebooks/target/kernel/rapaio-jupyter-kernel-*.jar 2>/dev/null | head -n 1; }
# The kernel's classes that facespark replaces (its channel loop thread): first on the kernel's classpath.
KERNEL_FIXES="$FACESPARK_HOME/notebooks/target/classes"
kernel_fixes_built() { [ -f "$KERNEL_FIXES/org/rapaio/jupyter/kernel/channels/LoopThread.class" ]; }

# Writes kernel.json: the JVM flags, the jobs jar and Spark's runtime. jul-to-slf4j stays off the
# classpath: the kernel sets java.util.logging to FINEST, and routed through slf4j that level
# breaks Spark's Janino code generation (PLATFORM.md).
write_kernel_spec() {
  ensure_built
  if [ -z "$(kernel_jar)" ] || ! kernel_fixes_built; then
    [ "${FACESPARK_NO_BUILD:-0}" = 1 ] && die "notebooks/target has no kernel jar or kernel fix and FACESPARK_NO_BUILD=1; build with ./mvnw -DskipTests package"
    mvnw -q -DskipTests package -pl notebooks >&2 || die "could not fetch the Java kernel (output above)"
  fi
  local classpath
  classpath="$(jobs_jar):$(cat "$JOBS_DIR/spark-classpath.txt")"
  mkdir -p "$SPEC_DIR"
  KERNEL_CP="$KERNEL_FIXES:$(kernel_jar)" CLASSPATH_ENTRIES="$classpath" FLAGS="$(jvm_flags)" \
  LOG4J="$FACESPARK_HOME/conf/log4j2.properties" CACHE="$(model_cache_root)" SPEC="$SPEC_DIR/kernel.json" \
  python3 - <<'PY'
import json, os, shlex
entries = [e for e in os.environ["CLASSPATH_ENTRIES"].split(":") if e and "jul-to-slf4j" not in e]
argv = (["java"] + shlex.split(os.environ["FLAGS"]) +
        ["-Xmx" + os.environ.get("FACESPARK_NOTEBOOK_MEMORY", "6g"), "-Djava.awt.headless=true",
         "-Dlog4j2.configurationFile=" + os.environ["LOG4J"], "-Dfacespark.cache=" + os.environ["CACHE"],
         "-Dspark.ui.enabled=false", "-Dspark.ui.showConsoleProgress=false",
         "-cp", os.environ["KERNEL_CP"], "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"])
spec = {"argv": argv, "display_name": "Java 17 (facespark)", "language": "java", "interrupt_mode": "message",
        "env": {"RJK_CLASSPATH": ";".join(entries), "RJK_COMPILER_OPTIONS": "", "SPARK_LOCAL_IP": "127.0.0.1"}}
with open(os.environ["SPEC"], "w") as f:
    json.dump(spec, f, indent=1)
PY
}

# One notebook, headless; retried only when the kernel failed to start, never on a cell error.
execute_one() {
  local notebook="$1" output_dir="$2" attempt log started=$SECONDS
  log=$(mktemp)
  for attempt in $(seq 1 "$ATTEMPTS"); do
    local args=(nbconvert --to notebook --execute "--ExecutePreprocessor.kernel_name=$KERNEL_NAME"
      "--ExecutePreprocessor.startup_timeout=$STARTUP_TIMEOUT" --ExecutePreprocessor.timeout=900)
    if [ -n "$output_dir" ]; then args+=(--output-dir "$output_dir"); else args+=(--inplace); fi
    if JUPYTER_PATH="$SPEC_ROOT${JUPYTER_PATH:+:$JUPYTER_PATH}" timeout 1800 jupyter "${args[@]}" "$notebook" >"$log" 2>&1; then
      echo "facespark: executed $notebook ($((SECONDS - started)) s)" >&2
      rm -f "$log"
      return 0
    fi
    if grep -q -E "Kernel didn't respond|Kernel died before replying|TimeoutError: .*kernel|RuntimeError: Kernel" "$log" \
        && [ "$attempt" -lt "$ATTEMPTS" ]; then
      echo "facespark: the kernel did not start for $notebook (attempt $attempt of $ATTEMPTS); retrying" >&2
      continue
    fi
    # The kernel lists every classpath entry it adds; the cause is in the rest.
    grep -v -e '^Parsing classpath: ' -e '^Add .* to classpath$' "$log" | tail -n 120 >&2
    rm -f "$log"
    die "$notebook failed (attempt $attempt; output above)"
  done
}

mode=serve; output_dir=""; notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel-only) mode=kernel; shift ;;
    --execute) mode=execute; shift ;;
    --output-dir) [ $# -ge 2 ] || die "--output-dir needs a directory"; output_dir="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) if [ "$mode" = execute ]; then notebooks+=("$1"); shift; else break; fi ;;
  esac
done

require_java17
require_jupyter
write_kernel_spec
case "$mode" in
  kernel)
    jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$SPEC_DIR" >&2
    echo "$SPEC_DIR/kernel.json" ;;
  execute)
    [ ${#notebooks[@]} -gt 0 ] || die "--execute needs at least one notebook"
    [ -z "$output_dir" ] || mkdir -p "$output_dir"
    "$FACESPARK_HOME/bin/fetch-models" --quiet || die "could not fetch the face models (see above)"
    for nb in "${notebooks[@]}"; do
      [ -f "$nb" ] || die "no such notebook: $nb"
      execute_one "$nb" "$output_dir"
    done ;;
  serve)
    jupyter kernelspec install --user --replace --name "$KERNEL_NAME" "$SPEC_DIR" >&2
    command -v jupyter-notebook >/dev/null 2>&1 || jupyter notebook --version >/dev/null 2>&1 \
      || die "the Jupyter server is not installed: run bin/install-jupyter"
    cd "$FACESPARK_HOME/notebooks"
    root=()
    [ "$(id -u)" != 0 ] || root=(--allow-root)  # Jupyter refuses root without it (containers)
    exec jupyter notebook --ip=127.0.0.1 "${root[@]+"${root[@]}"}" "$@" ;;
esac
