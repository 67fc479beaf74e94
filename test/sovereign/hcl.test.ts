/**
 * `cdktn synth --hcl` of the sovereign stack keeps every string as in the JSON synth: cdktn 0.24's HCL
 * renderer escapes no backslash, so without lib/kubernetes `hclQuoted` the proxy's envoy.json (its Lua
 * script's `\n` and `\"`) and the probes' Python would reach Terraform changed. Read back with HashiCorp's
 * HCL parser (lib/synth-files, @cdktn/hcl2json), the values equal the JSON ones and the analysis reads
 * the same client contract.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubernetesIngressContract } from '../../lib/analysis/contract-kubernetes';
import { hclQuoted } from '../../lib/kubernetes/binding';
import { readSynthOutput, resourcesOf, type SynthStack } from '../../lib/synth-files/output';
import { buildApp } from '../../stacks/app';
import { EU_FILE, loadValid, policyText } from './support';

function synth(hcl: boolean): SynthStack {
  const outdir = mkdtempSync(join(tmpdir(), hcl ? 'sovereign-hcl-' : 'sovereign-json-'));
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    buildApp(loadValid(policyText(EU_FILE)), { outdir }).app.synth();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
  return readSynthOutput(outdir).stacks.find((s) => s.name === 'sovereign-eu-sovereign')!;
}

/** Every string of a value, in order (blocks are lists in the HCL read-back, objects or lists in JSON). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.keys(v).sort().filter((k) => k !== '//').flatMap((k) => strings((v as Record<string, unknown>)[k]));
  return [];
}

describe('sovereign stack: HCL output', () => {
  const json = synth(false);
  const hcl = synth(true);

  test('envoy.json, the probe commands and every other string read back as in the JSON synth', () => {
    const cm = (s: SynthStack) => resourcesOf(s, 'kubernetes_config_map_v1')[0].attrs.data['envoy.json'];
    expect(cm(hcl)).toBe(cm(json));
    expect(() => JSON.parse(cm(hcl))).not.toThrow();
    for (const type of ['kubernetes_deployment_v1', 'kubernetes_ingress_v1', 'kubernetes_service_v1', 'kubernetes_network_policy_v1', 'kubernetes_namespace_v1']) {
      expect([type, resourcesOf(hcl, type).flatMap((r) => strings(r.attrs))]).toEqual([type, resourcesOf(json, type).flatMap((r) => strings(r.attrs))]);
    }
  });

  test('the analysis reads the same client contract from either', () => {
    const contract = (s: SynthStack) => kubernetesIngressContract(s, resourcesOf(s, 'kubernetes_ingress_v1')[0]);
    expect(contract(hcl)).toEqual(contract(json));
    expect(contract(hcl).credential.kind).toBe('jwt');
  });

  test('hclQuoted escapes what HCL reads as escapes and leaves expressions alone', () => {
    expect(hclQuoted('a"b\\nc\n%{x}')).toBe('a\\"b\\\\nc\\n%%{x}');
    expect(hclQuoted('${kubernetes_service_v1.x.metadata[0].name}')).toBe('${kubernetes_service_v1.x.metadata[0].name}');
    expect(hclQuoted(8080)).toBe(8080);
  });
});
