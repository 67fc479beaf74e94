const fs = require('node:fs');

module.exports = async () => {
  const dir = process.env.SOVEREIGN_TEST_TMPDIR;
  if (dir && dir.includes('sovereign-jest-')) fs.rmSync(dir, { recursive: true, force: true });
};
