import { App } from 'cdktf';
import type { SovereigntyPolicy } from '../lib/policy';
import { JurisdictionStack } from './jurisdiction-stack';
import { addDataStores, type JurisdictionStores } from './storage';

export interface SovereignAppOptions {
  /** @default "cdktf.out", or CDKTF_OUTDIR when the cdktf CLI runs the app */
  readonly outdir?: string;
}

/** One stack per jurisdiction, from a validated policy. */
export interface SovereignApp {
  readonly app: App;
  readonly stacks: JurisdictionStack[];
  /** Data stores by stack name. */
  readonly stores: Record<string, JurisdictionStores>;
}

export function buildApp(policy: SovereigntyPolicy, options: SovereignAppOptions = {}): SovereignApp {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const stacks = policy.jurisdictions.map((j) => new JurisdictionStack(app, j));
  const stores = Object.fromEntries(stacks.map((s) => [s.node.id, addDataStores(s, { namespace: policy.namespace, keyIssuedOn: policy.keyIssuedOn })]));
  return { app, stacks, stores };
}
