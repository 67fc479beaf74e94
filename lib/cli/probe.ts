/**
 * `cdktf-sovereign-ai probe [policy] [--jurisdiction ID] [--resolve NAME:IP]... [--dns-server IP[:PORT]]
 *  [--credential env:NAME|file:PATH] [--ca FILE] [--model NAME] [--port N] [--timeout MS] [--drill]`
 *
 * Prints the probe table (lib/probe) and exits 1 when any tier breaks the contract. The credential
 * is read from an environment variable or a file, never from the command line (it would land in
 * shell history and the process list), and is never printed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SovereigntyPolicy } from '../policy';
import { formatProbeTable, nameResolver, parseResolveOverride, runProbe } from '../probe';

export interface ProbeCliOptions {
  readonly options: Readonly<Record<string, string | true>>;
  readonly resolve: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Default credential variable when `--credential` is not given. */
export const PROBE_CREDENTIAL_ENV = 'SOVEREIGN_AI_TOKEN';
const DEFAULT_TIMEOUT_MS = 10_000;

function readCredential(spec: string | undefined, o: ProbeCliOptions): string | undefined | Error {
  if (spec === undefined) return o.env[PROBE_CREDENTIAL_ENV] || undefined;
  const m = /^(env|file):(.+)$/.exec(spec);
  if (!m) return new Error('--credential takes env:NAME or file:PATH (a credential on the command line would be kept in shell history)');
  if (m[1] === 'env') {
    const v = o.env[m[2]];
    return v ? v : new Error(`--credential env:${m[2]}: the variable is not set`);
  }
  try {
    return readFileSync(resolve(o.cwd, m[2]), 'utf8').trim();
  } catch (e) {
    return new Error(`--credential file:${m[2]}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

function positiveInt(value: string | true | undefined, name: string, fallback: number, max: number): number | Error {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : new Error(`--${name} must be an integer from 1 to ${max}, got "${value}"`);
}

/** Runs the probe; returns the exit code (2 for a usage error, 1 when a tier breaks the contract). */
export async function probeCommand(policy: SovereigntyPolicy, o: ProbeCliOptions, io: { out: (l: string) => void; err: (l: string) => void }): Promise<number> {
  const overrides = new Map<string, string[]>();
  for (const r of o.resolve) {
    const parsed = parseResolveOverride(r);
    if (typeof parsed === 'string') return usageError(io, parsed);
    overrides.set(parsed.name, [...(overrides.get(parsed.name) ?? []), parsed.address]);
  }
  const credential = readCredential(typeof o.options.credential === 'string' ? o.options.credential : undefined, o);
  if (credential instanceof Error) return usageError(io, credential.message);
  const port = positiveInt(o.options.port, 'port', 443, 65535);
  const timeoutMs = positiveInt(o.options.timeout, 'timeout', DEFAULT_TIMEOUT_MS, 120_000);
  if (port instanceof Error) return usageError(io, port.message);
  if (timeoutMs instanceof Error) return usageError(io, timeoutMs.message);
  let ca: string[] | undefined;
  if (typeof o.options.ca === 'string') {
    try {
      ca = [...require('node:tls').rootCertificates, readFileSync(resolve(o.cwd, o.options.ca), 'utf8')];
    } catch (e) {
      return usageError(io, `--ca ${o.options.ca}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  }
  const dnsServer = typeof o.options['dns-server'] === 'string' ? o.options['dns-server'] : undefined;
  const rows = await runProbe(policy, {
    jurisdiction: typeof o.options.jurisdiction === 'string' ? o.options.jurisdiction : undefined,
    resolver: nameResolver(overrides, dnsServer, Math.min(timeoutMs, 5000)),
    port,
    drill: o.options.drill === true,
    credential,
    model: typeof o.options.model === 'string' ? o.options.model : undefined, // default: each jurisdiction's clients.model
    ca,
    timeoutMs,
  });
  io.out(formatProbeTable(rows));
  return rows.some((r) => r.result === 'FAIL') ? 1 : 0;
}

function usageError(io: { err: (l: string) => void }, message: string): number {
  io.err(`error: ${message}`);
  return 2;
}
