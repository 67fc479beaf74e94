#!/usr/bin/env node
/**
 * The cdktn app command (cdktf.json "app"): brings dist/ up to date with the sources that changed
 * (bin/transpile.js), then runs dist/stacks/main.js, so `cdktn synth` and `cdktn deploy` always run
 * the current code without paying for a full build.
 */
'use strict';
const fail = require('../bin/last-resort.js').installLastResort(); // anything unexpected: one `error:` line, exit 2
const path = require('node:path');
const { ROOT, transpileChanged } = require('../bin/transpile.js');

const entry = path.join(ROOT, 'dist', 'stacks', 'main.js');
try {
  transpileChanged(entry);
  process.exitCode = require(entry).run();
} catch (e) {
  fail(e);
}
