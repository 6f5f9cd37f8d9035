/**
 * Fails the run when a test was skipped, focused away or left as todo: CI runs everything.
 * The one exception: suites that need an EventStoreDB server (their files name eventstoredb) when
 * EVENTSTORE_URL is not set; they are listed as not exercised.
 */
class SkippedTestsReporter {
  constructor() {
    this.error = undefined;
  }

  onRunComplete(_, results) {
    const skipped = [];
    const notExercised = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === 'passed' || test.status === 'failed') continue;
        const name = `${file.testFilePath.replace(process.cwd() + '/', '')}: ${test.fullName}`;
        (/eventstoredb/i.test(file.testFilePath) ? notExercised : skipped).push(name);
      }
    }
    if (notExercised.length > 0) {
      console.log(
        `\nEventStoreDB adapter NOT exercised (no EVENTSTORE_URL): ${notExercised.length} tests`,
      );
    }
    if (skipped.length > 0) {
      this.error = new Error(`${skipped.length} tests did not run:\n  ${skipped.join('\n  ')}`);
      console.error(`\n${this.error.message}`);
    }
  }

  getLastError() {
    return this.error;
  }
}

module.exports = SkippedTestsReporter;
