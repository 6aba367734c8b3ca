/**
 * The order `npm test` starts test files in, in one jest run of both projects: the last file to start sets the end of
 * the run, so the long ones go first. Jest's own order does that from the durations of the last run on this machine
 * (failed files first, then the longest); a clone without them (CI's) got files ordered by size alone, and a
 * 4-minute end-to-end file could start last. Without durations, end-to-end files (each a minute or more of
 * `pulumi` commands) now go before unit files, each group still by size. Plain CommonJS, like the reporters.
 */
const Sequencer = require("@jest/test-sequencer").default;

const FAILED = 0;
const UNTIMED_END_TO_END = 1;
const UNTIMED = 2;
const TIMED = 3;

class LongFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      if (this.hasFailed(test)) return FAILED;
      if (test.duration != null) return TIMED;
      return test.context.config.displayName?.name === "e2e" ? UNTIMED_END_TO_END : UNTIMED;
    };
    // Array.prototype.sort is stable: within a rank, jest's order (by duration, else by size) stays.
    return super.sort(tests).sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongFirst;
