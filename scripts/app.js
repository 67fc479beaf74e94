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

// Synth speed (`npm run bench`), the synthesized files unchanged:
// - cdktn captures a stack trace for every token it creates, shown only when a token cannot be
//   resolved (CDKTN_DISABLE_CREATION_STACK, node_modules/cdktn/lib/tokens/private/stack-trace.js):
//   about a fifth of the default policy's synth; kept under DEBUG, or when the variable is set;
// - Node keeps the compiled code of the app and its providers between runs (module.enableCompileCache,
//   nodejs.org/api/module.html#moduleenablecompilecachecachedir; NODE_DISABLE_COMPILE_CACHE=1 turns it
//   off), in node_modules/.cache, not in the temp folder the synth stages in.
if (!process.env.DEBUG && process.env.CDKTN_DISABLE_CREATION_STACK === undefined) process.env.CDKTN_DISABLE_CREATION_STACK = '1';
require('node:module').enableCompileCache?.(path.join(ROOT, 'node_modules', '.cache', 'node-compile-cache'));

const entry = path.join(ROOT, 'dist', 'stacks', 'main.js');
try {
  transpileChanged(entry);
  process.exitCode = require(entry).run();
} catch (e) {
  fail(e);
}
