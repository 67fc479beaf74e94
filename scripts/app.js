#!/usr/bin/env node
/**
 * The cdktf app command (cdktf.json "app"). Transpiles the TypeScript sources of lib/ and stacks/
 * that changed since their dist/ copy (SWC, no type-check: `npm test` type-checks), then runs
 * dist/stacks/main.js. With nothing changed it only compares file times, so `cdktn synth` and
 * `cdktn deploy` always run the current code without paying for a full build.
 */
'use strict';
const fail = require('../bin/last-resort.js').installLastResort(); // anything unexpected: one `error:` line, exit 2
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stale = [];
function walk(dir) {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(rel);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const out = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
      const src = fs.statSync(path.join(root, rel));
      if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < src.mtimeMs) stale.push([rel, out]);
    }
  }
}
walk('lib');
walk('stacks');

if (stale.length > 0) {
  const swc = require('@swc/core');
  for (const [rel, out] of stale) {
    const { code, map } = swc.transformFileSync(path.join(root, rel), { swcrc: true, configFile: path.join(root, '.swcrc'), sourceFileName: path.relative(path.dirname(out), path.join(root, rel)) });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Write-then-rename: a parallel run (another `cdktn synth`, the CLI launcher) never reads half a file.
    const write = (file, text) => {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, file);
    };
    if (map) write(`${out}.map`, map);
    write(out, map ? `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n` : code);
  }
}
try {
  process.exitCode = require(path.join(root, 'dist', 'stacks', 'main.js')).run();
} catch (e) {
  fail(e);
}
