package io.facespark.jobs.doctor;

/** One line of the doctor's report: what was checked, how it went, and the fix when it failed. */
record Check(String name, Status status, String detail, String fix) {

  enum Status { OK, FAIL }

  static Check ok(String name, String detail) {
    return new Check(name, Status.OK, detail, "");
  }

  static Check fail(String name, String detail, String fix) {
    return new Check(name, Status.FAIL, detail, fix);
  }

  boolean failed() {
    return status == Status.FAIL;
  }
}
