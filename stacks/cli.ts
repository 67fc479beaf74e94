/**
 * The CLI's edge (bin/cdktf-sovereign-ai.js runs this): lib/cli with this repository's app, the
 * embedded default policy and the synthesizer of stacks/. lib/cli itself does not import stacks/.
 */
import { processIo, runCli, type CliApp, type CliIo } from '../lib/cli';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from './default-policy';

export const APP: CliApp = {
  defaultPolicy: { file: DEFAULT_POLICY_FILE, yaml: DEFAULT_POLICY_YAML },
  // Loaded on first use, not at the top: `validate` and `init` need no provider bindings (a third of a second each).
  synth: () => require('./synth') as typeof import('./synth'),
};

/** Runs one command; returns the exit code (a promise for `probe`, which waits on the network). */
export function main(args: readonly string[], io: CliIo = processIo()): number | Promise<number> {
  return runCli(APP, args, io);
}
