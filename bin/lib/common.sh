# Shared by the bin/ scripts: where the checkout is, the JVM flags, and building on demand.
# Sourced, not run.

FACESPARK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

die() { echo "facespark: error: $*" >&2; exit 1; }

# The Java 17 flags, read from their one home: conf/jvm.properties.
jvm_flags() {
  local line
  line=$(grep -E '^facespark\.jvm\.flags=' "$FACESPARK_HOME/conf/jvm.properties") \
    || die "conf/jvm.properties has no facespark.jvm.flags line"
  echo "${line#facespark.jvm.flags=}"
}

# glibc's allocator settings, from conf/jvm.properties (why: there), for this script and every
# process it starts. A GLIBC_TUNABLES you set yourself is left as it is.
glibc_tunables() {
  sed -n 's/^facespark\.glibc\.tunables=//p' "$FACESPARK_HOME/conf/jvm.properties"
}
if [ -z "${GLIBC_TUNABLES:-}" ]; then
  GLIBC_TUNABLES="$(glibc_tunables)"
  export GLIBC_TUNABLES
fi

require_java17() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17 (Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless) and put it on PATH or set JAVA_HOME."
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
  [ "$v" = "17" ] || die "facespark runs on Java 17 but 'java' is version $v. Set JAVA_HOME/PATH to a JDK 17."
}

# The model cache root, resolved once here and handed to Java as -Dfacespark.cache so the shell
# and the JVM agree even where $HOME and Java's user.home differ.
model_cache_root() {
  echo "${FACESPARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/facespark}"
}

mvnw() { (cd "$FACESPARK_HOME" && ./mvnw -B -ntp "$@"); }

JOBS_DIR="$FACESPARK_HOME/jobs/target"

jobs_jar() { ls "$JOBS_DIR"/facespark-jobs-*.jar 2>/dev/null | grep -v -e '/original-' -e 'tests\.jar$' | head -n 1; }

# Builds the shaded jar when it is missing or older than any source or pom.
ensure_built() {
  local jar stale=""
  jar=$(jobs_jar || true)
  if [ -n "$jar" ] && [ -f "$JOBS_DIR/spark-classpath.txt" ]; then
    stale=$(cd "$FACESPARK_HOME" && find pom.xml core/pom.xml udf/pom.xml jobs/pom.xml \
      core/src/main udf/src/main jobs/src/main -type f -newer "$jar" -print -quit 2>/dev/null)
    [ -z "$stale" ] && return 0
  fi
  if [ "${FACESPARK_NO_BUILD:-0}" = 1 ]; then
    [ -n "$jar" ] && [ -f "$JOBS_DIR/spark-classpath.txt" ] \
      || die "the jobs jar is missing and FACESPARK_NO_BUILD=1; build it with ./mvnw -DskipTests package"
    echo "facespark: warning: $stale is newer than the jobs jar; using the jar as built (FACESPARK_NO_BUILD=1)" >&2
    return 0
  fi
  echo "facespark: building the jobs jar (first time: a few minutes; ./mvnw -DskipTests package) ..." >&2
  mvnw -q -DskipTests package >&2 || die "the build failed (output above)"
}
