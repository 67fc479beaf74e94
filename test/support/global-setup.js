// Testing.synth / fullSynth leave `cdktf.outdir.*` folders in the temp dir. Point the temp dir
// of the whole run (workers inherit the environment) at one folder that the teardown removes.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-jest-'));
  process.env.SOVEREIGN_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
