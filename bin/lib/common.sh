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
