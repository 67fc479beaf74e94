/**
 * Shared by the two entry points (bin/cdktf-sovereign-ai.js, scripts/app.js): transpiles the
 * TypeScript sources of lib/ and stacks/ that changed since their dist/ copy (SWC, no type-check:
 * `npm test` type-checks), so a fresh clone after `npm ci` and every `cdktn synth`/`deploy` run the
 * current code without a full build. With nothing changed it only compares file times.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** [source relative to the root, dist/ file] of every source newer than its dist/ copy. */
function staleSources() {
  const stale = [];
  const walk = (dir) => {
    if (!fs.existsSync(path.join(ROOT, dir))) return;
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const out = path.join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
        if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(path.join(ROOT, rel)).mtimeMs) stale.push([rel, out]);
      }
    }
  };
  walk('lib');
  walk('stacks');
  return stale;
}

/** Write-then-rename: a parallel run (another `cdktn synth`, the CLI launcher) never reads half a file. */
function writeWhole(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Brings dist/ up to date. Without @swc/core (installed without dev dependencies) it runs what dist/
 * holds when `entry` (a dist/ file) exists, and otherwise exits 1 with what to do.
 */
function transpileChanged(entry) {
  const stale = staleSources();
  if (stale.length === 0) return;
  let swc;
  try {
    swc = require('@swc/core');
  } catch {
    if (fs.existsSync(entry)) return;
    console.error('cdktf-sovereign-ai: dist/ is missing and @swc/core is not installed: run `npm ci` (or `npm run build`) first');
    process.exit(1);
  }
  for (const [rel, out] of stale) {
    const source = path.join(ROOT, rel);
    const { code, map } = swc.transformFileSync(source, { swcrc: true, configFile: path.join(ROOT, '.swcrc'), sourceFileName: path.relative(path.dirname(out), source) });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    if (map) writeWhole(`${out}.map`, map);
    writeWhole(out, map ? `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n` : code);
  }
}

module.exports = { ROOT, staleSources, transpileChanged };
