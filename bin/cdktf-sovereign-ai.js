#!/usr/bin/env node
/**
 * `npx cdktf-sovereign-ai <validate|report|init|upload|probe> ...` (package.json "bin"). Like
 * scripts/app.js, it first brings dist/ up to date with the sources that changed (bin/transpile.js),
 * so a fresh clone after `npm ci` runs current code without `npm run build`; then it runs
 * dist/stacks/cli.js (lib/cli with this repository's app) with the command-line arguments.
 */
'use strict';
const fail = require('./last-resort.js').installLastResort(); // anything unexpected: one `error:` line, exit 2
const path = require('node:path');
const { ROOT, transpileChanged } = require('./transpile.js');

const entry = path.join(ROOT, 'dist', 'stacks', 'cli.js');
try {
  transpileChanged(entry);
  // probe returns a promise (it waits on the network); the other commands return their exit code.
  Promise.resolve(require(entry).main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  }, fail);
} catch (e) {
  fail(e);
}
