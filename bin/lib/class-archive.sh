# Class-data sharing for the local-mode JVM (sourced by bin/facespark after common.sh).
#
# Why: a cold run spends seconds loading, verifying and linking some 20,000 classes (Spark, Scala,
# Hadoop, Parquet, ND4J) from jars before any image is read. The JDK's dynamic CDS archive
# (JEP 350) records the classes one run loaded; later runs map them from that file instead.
#
# The archive is only valid for the JVM, heap layout and classpath it was recorded with, so its
# name is a hash of exactly those (each jar's size and time included): a rebuild or a JDK upgrade
# gets a new one. It lives beside the jar it describes (jobs/target/class-archive/), so `clean`
# removes it. The first real run of a build records it at exit (about 10 s, once). It is kept only
# when that run succeeded and a check run maps it (-Xshare:on); its size is kept beside it and
# checked before use, because JDK 17 crashes (SIGBUS) on a truncated archive instead of ignoring it.
# FACESPARK_CLASS_ARCHIVE=0 turns all of this off; FACESPARK_CLASS_ARCHIVE_DIR moves it (a
# read-only install).

# The archive for java with these options; callers set java_opts (JVM options and -cp) first.
class_archive_path() {
  local java_bin key
  java_bin=$(readlink -f "$(command -v java)")
  # What the archive's validity depends on: the JVM binary, the non -D options (heap size sets the
  # pointer compression it was laid out for) and every classpath entry's size and time.
  key=$({ stat -c '%n %s %Y' "$java_bin"
          printf '%s\n' "${java_opts[@]}" | grep -v -e '^-D' || true
          printf '%s\n' "${java_opts[@]}" | tr ':' '\n' | grep -E '\.jar$|/classes$' \
            | xargs -r -d '\n' stat -c '%n %s %Y' 2>&1 || true; } | sha256sum | cut -c1-16)
  echo "${FACESPARK_CLASS_ARCHIVE_DIR:-$JOBS_DIR/class-archive}/facespark-$key.jsa"
}

# Runs java "${java_opts[@]}" "$@" (main class and its arguments) with the archive when there is a
# sound one; without one, records it when $1 is 1, else runs without. Callers record on jobs
# that touch images, Parquet and Spark (a --help or doctor run would record a thin archive that
# later jobs would then be stuck with until the next build).
run_with_class_archive() {
  local record="$1"; shift
  if [ "${FACESPARK_CLASS_ARCHIVE:-1}" = 0 ]; then
    exec java "${java_opts[@]}" "$@"
  fi
  local archive; archive=$(class_archive_path)
  if [ -s "$archive" ]; then
    if [ "$(cat "$archive.size" 2>/dev/null)" = "$(stat -c %s "$archive")" ]; then
      exec java "${java_opts[@]}" -XX:SharedArchiveFile="$archive" "$@"
    fi
    echo "facespark: the class archive $archive is damaged (size changed); removed, recording it again" >&2
    rm -f "$archive" "$archive.size" 2>/dev/null || true
  fi
  if [ "$record" != 1 ] || ! mkdir -p "$(dirname "$archive")" 2>/dev/null || [ ! -w "$(dirname "$archive")" ]; then
    exec java "${java_opts[@]}" "$@"
  fi
  echo "facespark: this first run of the build also records a class archive at exit (about 10 s, once), so later runs start faster; FACESPARK_CLASS_ARCHIVE=0 turns it off" >&2
  local recording="$archive.$$.recording" status=0
  # shellcheck disable=SC2064 # the path is fixed now: the trap runs after this function's locals are gone
  trap "rm -f $(printf '%q' "$recording")" EXIT
  # Not exec'd (the archive is checked and moved after the JVM exits), so a TERM or INT sent to
  # this script (timeout, kill) is passed on to the JVM rather than orphaning it.
  # The dump warns about every class it cannot keep (signed jars, generated classes): not news.
  java "${java_opts[@]}" -XX:ArchiveClassesAtExit="$recording" -Xlog:cds=off -Xlog:cds+dynamic=off "$@" <&0 &
  local child=$!
  # shellcheck disable=SC2064
  trap "kill -TERM $child 2>/dev/null" TERM INT HUP
  while :; do
    wait "$child" && status=0 || status=$?
    kill -0 "$child" 2>/dev/null || break
  done
  trap - TERM INT HUP
  if [ "$status" = 0 ] && [ -s "$recording" ] \
      && java "${java_opts[@]}" -Xshare:on -XX:SharedArchiveFile="$recording" "$MAIN_CLASS" --version >/dev/null 2>&1; then
    # Archives of earlier builds are useless now; the size goes first so a reader never sees an
    # archive without it.
    find "$(dirname "$archive")" -name '*.jsa*' ! -newer "$(jobs_jar)" -delete 2>/dev/null || true
    # and so are recordings left by killed first runs.
    find "$(dirname "$archive")" -name '*.recording' -mmin +120 -delete 2>/dev/null || true
    stat -c %s "$recording" > "$archive.size"
    mv -f "$recording" "$archive"
  fi
  return "$status"
}
