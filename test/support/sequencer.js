// Test order. Jest runs the slowest suites first when it knows their times from the last run (its
// cache); on a cold run (a fresh CI clone) it orders by file size, which can leave a real-tool suite
// to start last and run alone on one core. Then the suites that run real tools go first, slowest first.
const Sequencer = require('@jest/test-sequencer').default;

const SLOWEST_FIRST = [
  'test/hostile-cli.test.ts',
  'test/engine/hcl.test.ts',
  'test/terraform/gate.test.ts',
  'test/cli/cli.test.ts',
  'test/analysis/cutoff.test.ts',
  'test/network/aws-zones.terraform.test.ts',
  'test/probe/probe.test.ts',
  'test/engine/opentofu.test.ts',
];

class SlowestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((t) => t.duration != null)) return sorted;
    const rank = (t) => {
      const i = SLOWEST_FIRST.findIndex((s) => t.path.replaceAll('\\', '/').endsWith(s));
      return i < 0 ? SLOWEST_FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowestFirst;
