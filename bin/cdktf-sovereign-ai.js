#!/usr/bin/env node
/**
 * `npx cdktf-sovereign-ai <validate|report|init|probe> ...` (package.json "bin"). Like scripts/app.js, it
 * first transpiles the TypeScript sources of lib/ and stacks/ that changed since their dist/ copy
 * (SWC, no type-check), so a fresh clone after `npm ci` runs current code without `npm run build`;
 * then it runs dist/lib/cli/main.js with the command-line arguments.
 */
'use strict';
const fail = require('./last-resort.js').installLastResort(); // anything unexpected: one `error:` line, exit 2
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function staleSources() {
  const stale = [];
  const walk = (dir) => {
    if (!fs.existsSync(path.join(root, dir))) return;
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const out = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
        if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(path.join(root, rel)).mtimeMs) stale.push([rel, out]);
      }
    }
  };
  walk('lib');
  walk('stacks');
  return stale;
}

function transpile(stale) {
  let swc;
  try {
    swc = require('@swc/core');
  } catch {
    // Installed without dev dependencies: run what dist/ holds, if anything.
    if (fs.existsSync(path.join(root, 'dist', 'lib', 'cli', 'main.js'))) return;
    console.error('cdktf-sovereign-ai: dist/ is missing and @swc/core is not installed: run `npm ci` (or `npm run build`) first');
    process.exit(1);
  }
  for (const [rel, out] of stale) {
    const source = path.join(root, rel);
    const { code, map } = swc.transformFileSync(source, { swcrc: true, configFile: path.join(root, '.swcrc'), sourceFileName: path.relative(path.dirname(out), source) });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Write-then-rename: another process (a parallel run, `cdktf synth`) never reads half a file.
    const write = (file, text) => {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, file);
    };
    if (map) write(`${out}.map`, map);
    write(out, map ? `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n` : code);
  }
}

const stale = staleSources();
if (stale.length > 0) transpile(stale);
try {
  // probe returns a promise (it waits on the network); the other commands return their exit code.
  Promise.resolve(require(path.join(root, 'dist', 'lib', 'cli', 'main.js')).main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  }, fail);
} catch (e) {
  fail(e);
}
