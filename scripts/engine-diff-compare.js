#!/usr/bin/env node
/**
 * Usage: node scripts/engine-diff-compare.js OLD_OUTDIR NEW_OUTDIR
 *
 * Compares two synth outputs (cdktf.out folders) of the same policy, file by file (every *.json,
 * cdk.tf.json included), value by value, and prints each difference once with the stacks it occurs
 * in. Differences in what Terraform reads (cdk.tf.json) and in manifest.json are marked `expected`
 * (provider version pins, provider sources, the CDK version stamp cdktf/cdktn writes into `//` metadata and manifest.json, the use_lockfile override turned native) or
 * `UNEXPECTED`; those in this tool's own reports (sovereignty-*.json) are listed as `analysis`,
 * not judged. Annotation stack traces (absolute paths of each checkout) are left out. Exit 1 when
 * anything is unexpected.
 * Plain JavaScript so it runs without a build, from scripts/engine-diff.sh.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Differences a change of engine or bindings may make, and why. */
const EXPECTED = [
  { re: /^terraform\.required_providers\.[^.]+\.version$/, why: 'provider version pin of the prebuilt bindings' },
  { re: /^terraform\.required_providers\.[^.]+\.source$/, why: 'provider source address written by the bindings' },
  { re: /^\/\/\.metadata\.version$/, why: 'CDK version stamp' },
  { re: /^version$/, file: /manifest\.json$/, why: 'CDK version stamp' },
  {
    re: /^\/\/\.metadata\.overrides\.backend$/,
    why: 'use_lockfile was an escape-hatch override on cdktf 0.21 and is the native S3Backend useLockfile on cdktn (the backend value itself is compared separately)',
  },
];

/** What Terraform reads (and the manifest that lists it); other JSON files are this tool's analysis output. */
const CONFIGURATION = /(^|\/)(cdk\.tf\.json|manifest\.json)$/;

/** Annotation stack traces name the checkout's absolute paths and the core package's folder: not configuration. */
function withoutStacktraces(value) {
  if (Array.isArray(value)) return value.map(withoutStacktraces);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'stacktrace').map(([k, v]) => [k, withoutStacktraces(v)]));
  }
  return value;
}

function jsonFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) out.push(path.relative(root, p));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

function diff(a, b, at, out) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const objects = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!objects) {
    out.push({ path: at.join('.'), old: a, new: b });
    return;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) diff(a[k], b[k], [...at, k], out);
}

function main([oldDir, newDir]) {
  if (!oldDir || !newDir) {
    console.error('usage: engine-diff-compare.js OLD_OUTDIR NEW_OUTDIR');
    return 2;
  }
  const oldFiles = jsonFiles(oldDir);
  const newFiles = jsonFiles(newDir);
  const grouped = new Map(); // "file-kind | path | old | new" -> { stacks, entry }
  let unexpected = 0;
  for (const f of oldFiles.filter((f) => !newFiles.includes(f))) {
    console.log(`UNEXPECTED  only in old: ${f}`);
    unexpected++;
  }
  for (const f of newFiles.filter((f) => !oldFiles.includes(f))) {
    console.log(`UNEXPECTED  only in new: ${f}`);
    unexpected++;
  }
  let compared = 0;
  for (const f of oldFiles.filter((f) => newFiles.includes(f))) {
    compared++;
    const a = withoutStacktraces(JSON.parse(fs.readFileSync(path.join(oldDir, f), 'utf8')));
    const b = withoutStacktraces(JSON.parse(fs.readFileSync(path.join(newDir, f), 'utf8')));
    const found = [];
    diff(a, b, [], found);
    const m = /^stacks\/([^/]+)\/(.+)$/.exec(f);
    const stack = m ? m[1] : '';
    const kind = m ? m[2] : f;
    for (const d of found) {
      const key = [kind, d.path, JSON.stringify(d.old), JSON.stringify(d.new)].join(' | ');
      if (!grouped.has(key)) grouped.set(key, { kind, ...d, stacks: [] });
      if (stack) grouped.get(key).stacks.push(stack);
    }
  }
  let analysis = 0;
  for (const g of grouped.values()) {
    const where = g.stacks.length ? ` [${g.stacks.length} stack(s): ${g.stacks.join(', ')}]` : '';
    const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v));
    if (!CONFIGURATION.test(g.kind)) {
      analysis++; // our own reports: they change with the features, not with the engine
      console.log(`analysis    ${g.kind}: ${g.path}: ${show(g.old)} -> ${show(g.new)}${where}`);
      continue;
    }
    const rule = EXPECTED.find((e) => e.re.test(g.path) && (!e.file || e.file.test(g.kind)));
    if (!rule) unexpected++;
    console.log(`${rule ? 'expected  ' : 'UNEXPECTED'}  ${g.kind}: ${g.path}: ${show(g.old)} -> ${show(g.new)}${where}${rule ? `  (${rule.why})` : ''}`);
  }
  console.log(`${compared} JSON file(s) compared; ${grouped.size - analysis} difference(s) in the Terraform configuration and manifest, ${unexpected} unexpected; ${analysis} in this tool's own reports (listed, not judged)`);
  return unexpected > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
