/**
 * `npm run bench`: median wall time and peak RSS of `cdktn synth` over 5 runs, for
 *   1. a one-bucket cdktn app (deep import, compiled JS): the floor the CLI itself sets;
 *   2. the embedded default policy (3 jurisdictions), exactly as `npm run synth` runs it;
 *   3. a generated policy with 30 jurisdictions, each as complete as the default policy's.
 * Peak RSS is that of the largest process in the tree (GNU time's %M); CPU is the user + system time
 * of the whole process tree (GNU time's %U + %S: cdktn, the app, the terraform processes cdktn starts),
 * the figure that holds on a shared machine where wall time follows the other users' load; "n/a"
 * without /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_POLICY_YAML } from '../stacks/default-policy';

const ROOT = resolve(__dirname, '..', '..');
const CDKTN = join(ROOT, 'node_modules', '.bin', 'cdktn');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const ENV = { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: '1' };

interface Figures {
  seconds: number;
  rssMb?: number;
  cpuSeconds?: number;
}

function synthOnce(cwd: string, env: NodeJS.ProcessEnv): Figures {
  const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
  const args = ['synth', '--output', join(out, 'cdktf.out')];
  const started = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'BENCH_RSS_KB=%M BENCH_CPU=%U+%S', CDKTN, ...args], { cwd, env, encoding: 'utf8' })
    : spawnSync(CDKTN, args, { cwd, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`cdktn synth failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  const kb = /BENCH_RSS_KB=(\d+)/.exec(r.stderr)?.[1];
  const cpu = /BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return { seconds, rssMb: kb ? Number(kb) / 1024 : undefined, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(label: string, cwd: string, env: NodeJS.ProcessEnv): Figures {
  synthOnce(cwd, env); // warm the file cache; not counted
  const runs = Array.from({ length: RUNS }, () => synthOnce(cwd, env));
  const rss = runs.map((r) => r.rssMb).filter((x): x is number => x !== undefined);
  const cpu = runs.map((r) => r.cpuSeconds).filter((x): x is number => x !== undefined);
  const f = { seconds: median(runs.map((r) => r.seconds)), rssMb: rss.length ? Math.max(...rss) : undefined, cpuSeconds: cpu.length ? median(cpu) : undefined };
  console.log(
    `${label.padEnd(34)} median ${f.seconds.toFixed(2)} s   CPU ${f.cpuSeconds !== undefined ? `${f.cpuSeconds.toFixed(2)} s` : 'n/a'}   peak RSS ${f.rssMb ? `${f.rssMb.toFixed(0)} MB` : 'n/a'}   (${RUNS} runs: ${runs.map((r) => r.seconds.toFixed(2)).join(' ')})`,
  );
  return f;
}

function oneBucketApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-one-bucket-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', terraformProviders: [], terraformModules: [], context: {} }));
  writeFileSync(join(dir, 'main.js'), `const { App, TerraformStack } = require('cdktn');
const { AwsProvider } = require('@cdktn/provider-aws/lib/provider');
const { S3Bucket } = require('@cdktn/provider-aws/lib/s3-bucket');
const app = new App();
const stack = new TerraformStack(app, 'one-bucket');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
new S3Bucket(stack, 'bucket', { bucket: 'bench-one-bucket' });
app.synth();
`);
  return dir;
}

/**
 * 30 jurisdictions with everything the default policy's have (stores, models, gateways, DNS): ten
 * copies each of its US, EU and IN jurisdictions; only the first of each claims client countries.
 */
function thirtyJurisdictionPolicy(): string {
  const lines = DEFAULT_POLICY_YAML.split('\n');
  const start = lines.indexOf('jurisdictions:');
  const storesAt = lines.indexOf('dataStores:              # one store per jurisdiction: model artifacts and data, replicated inside it');
  const head = lines.slice(0, start + 1);
  const blocks: string[][] = [];
  for (const line of lines.slice(start + 1, storesAt)) {
    if (line.startsWith('  - id: ')) blocks.push([]);
    blocks[blocks.length - 1].push(line);
  }
  const out = [...head];
  const stores = ['dataStores:'];
  for (let n = 1; n <= 10; n++) {
    for (const block of blocks) {
      const id = /^ {2}- id: (\w+)/.exec(block[0])![1];
      const copy = `${id}${String(n).padStart(2, '0')}`;
      out.push(block[0].replace(`id: ${id}`, `id: ${copy}`), ...(n > 1 ? ['    clientCountries: []'] : []));
      out.push(...block.slice(1).map((l) => l.replace(new RegExp(`sovereign-ai-${id}-tfstate`), `bench-${copy}-tfstate`).replace('sovereignaiintfstate', `benchtfstate${copy}`)));
      stores.push(`  - { name: models, jurisdiction: ${copy}, replication: true }`);
    }
  }
  const file = join(mkdtempSync(join(tmpdir(), 'bench-policy-')), 'thirty.yaml');
  writeFileSync(file, `${[...out, ...stores].join('\n')}\n`);
  return file;
}

function main(): void {
  console.log(`cdktn synth, ${RUNS} runs each (plus one warm-up), node ${process.version}`);
  const floor = measure('one-bucket app (compiled JS)', oneBucketApp(), ENV);
  const def = measure('default policy (3 jurisdictions)', ROOT, { ...ENV, SOVEREIGN_POLICY: '' });
  const thirty = measure('generated policy (30 jurisdictions)', ROOT, { ...ENV, SOVEREIGN_POLICY: thirtyJurisdictionPolicy() });
  const ratio = def.seconds / floor.seconds;
  const scale = thirty.seconds / def.seconds;
  console.log(`default / one-bucket: ${ratio.toFixed(2)}x (target <= 1.2x, issue 15)   ${ratio <= 1.2 ? 'ok' : 'OVER'}`);
  if (def.cpuSeconds !== undefined && floor.cpuSeconds !== undefined) console.log(`default / one-bucket, CPU time: ${(def.cpuSeconds / floor.cpuSeconds).toFixed(2)}x`);
  console.log(`30 jurisdictions / default: ${scale.toFixed(2)}x (target < 3x)   ${scale < 3 ? 'ok' : 'OVER'}`);
  if (def.rssMb !== undefined) console.log(`default peak RSS: ${def.rssMb.toFixed(0)} MB (target < 400 MB)   ${def.rssMb < 400 ? 'ok' : 'OVER'}`);
}

main();
