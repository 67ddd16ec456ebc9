package io.facespark.jobs.table;

/** What a job does when its output table already exists. */
public enum WriteMode {
  /** Refuse before any work if the output exists (the default: nothing is clobbered by accident). */
  ERROR,
  /** Replace the whole table: the new one is written aside and swapped in when complete. */
  OVERWRITE,
  /** Add rows; inputs already present in the table are skipped, so a rerun adds nothing twice. */
  APPEND
}
