import { App } from 'cdktf';
import type { SovereigntyPolicy } from '../lib/policy';
import { JurisdictionStack } from './jurisdiction-stack';

export interface SovereignAppOptions {
  /** @default "cdktf.out", or CDKTF_OUTDIR when the cdktf CLI runs the app */
  readonly outdir?: string;
}

/** One stack per jurisdiction, from a validated policy. */
export function buildApp(policy: SovereigntyPolicy, options: SovereignAppOptions = {}): { app: App; stacks: JurisdictionStack[] } {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const stacks = policy.jurisdictions.map((j) => new JurisdictionStack(app, j));
  return { app, stacks };
}
