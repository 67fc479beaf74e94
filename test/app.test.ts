import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformResource } from 'cdktn';
import { findRegion } from '../lib/catalog';
import { loadPolicy } from '../lib/policy';
import { inlineRemoteState } from '../lib/state/cross-stack';
import { buildApp } from '../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../stacks/default-policy';
import { placements } from './support/residency';
import { resourcesOf, type SynthJson } from './support/synth';

const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
const outdir = mkdtempSync(join(tmpdir(), 'default-app-'));
const { app, stacks, inferenceStacks } = buildApp(policy!, { outdir });
app.synth();
const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
const synthesized: Record<string, SynthJson> = Object.fromEntries(
  Object.keys(manifest.stacks).map((name) => [name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]),
);
/** An inference stack's JSON with its reads of the base stack inlined, plus the base stack's resources to follow them to. */
function withBase(name: string, base: string): { json: SynthJson; own: Set<string> } {
  const { json: inlined } = inlineRemoteState(synthesized[name], synthesized[base]);
  const own = new Set(placements(inlined).map((p) => p.address));
  const merged: SynthJson = { ...inlined, resource: { ...synthesized[base].resource }, data: { ...synthesized[base].data } };
  for (const kind of ['resource', 'data'] as const) for (const [t, byName] of Object.entries(inlined[kind] ?? {})) merged[kind]![t] = { ...(merged[kind]![t] ?? {}), ...(byName as Record<string, any>) };
  return { json: merged, own };
}
const TAGS = ['jurisdiction', 'data-residency', 'managed-by'];

describe('default policy app', () => {
  test('synthesizes the DNS stack, a base and an inference stack per jurisdiction (us, eu, in) and the routing stack, in deploy order', () => {
    expect(stacks.map((s) => s.node.id).sort()).toEqual(['sovereign-eu', 'sovereign-in', 'sovereign-us']);
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      'sovereign-dns', 'sovereign-eu', 'sovereign-eu-inference', 'sovereign-in', 'sovereign-in-inference', 'sovereign-routing', 'sovereign-us', 'sovereign-us-inference',
    ]);
    expect(manifest.stacks['sovereign-dns'].dependencies).toEqual([]);
    for (const id of ['us', 'eu', 'in']) {
      expect(manifest.stacks[`sovereign-${id}`].dependencies).toEqual(['sovereign-dns']);
      expect(manifest.stacks[`sovereign-${id}-inference`].dependencies).toEqual([`sovereign-${id}`]);
    }
    expect(manifest.stacks['sovereign-routing'].dependencies.sort()).toEqual(['sovereign-eu-inference', 'sovereign-in-inference', 'sovereign-us-inference']);
  });

  describe.each(Object.entries(inferenceStacks))('%s-inference', (baseName, stack) => {
    const name = `${baseName}-inference`;
    const j = stack.policy.jurisdiction;

    test('every resource and data source is placed in a region inside the jurisdiction (references into the base stack followed)', () => {
      const { json, own } = withBase(name, baseName);
      const mine = placements(json).filter((p) => own.has(p.address) && !p.address.startsWith('data.terraform_remote_state.'));
      expect(mine.length).toBeGreaterThan(30);
      for (const { address, placement } of mine) {
        expect({ address, placed: !!placement }).toEqual({ address, placed: true });
        const region = findRegion(placement!.cloud, placement!.region);
        expect({ address, country: region && j.countries.includes(region.country) }).toEqual({ address, country: true });
      }
    });

    test('its state sits next to the base stack\'s, under its own key; it reads the base stack\'s state there, nothing else', () => {
      const json = synthesized[name];
      const base = synthesized[baseName].terraform!.backend;
      const backend = json.terraform!.backend;
      if (stack.policy.state.kind === 's3') {
        expect(backend.s3).toMatchObject({ ...base.s3, key: `sovereign-${j.id}/inference.tfstate` });
      } else {
        expect(backend.azurerm).toMatchObject({ ...base.azurerm, key: `sovereign-${j.id}-inference.tfstate` });
      }
      const remote = Object.values(json.data!.terraform_remote_state) as any[];
      expect(remote).toHaveLength(1);
      const [kind] = Object.keys(base);
      expect(remote[0]).toMatchObject({ backend: kind, config: expect.objectContaining({ ...base[kind] }) });
    });

    test('the same aliased AWS providers with the residency default tags', () => {
      // The base stack's region providers; not its DNS-account provider (`dns`), which only writes the parent zone's validation record.
      expect(synthesized[name].provider!.aws).toEqual(synthesized[baseName].provider!.aws.filter((p: any) => p.alias !== 'dns'));
    });
  });

  describe.each(stacks.map((s) => [s.node.id, s] as const))('%s', (name, stack) => {
    const json = synthesized[name];
    const j = stack.policy.jurisdiction;

    test('every resource and data source is placed in a region inside the jurisdiction', () => {
      const all = placements(json);
      expect(all.length).toBeGreaterThan(10);
      for (const { address, placement } of all) {
        expect({ address, placed: !!placement }).toEqual({ address, placed: true });
        const region = findRegion(placement!.cloud, placement!.region);
        expect({ address, country: region && j.countries.includes(region.country) }).toEqual({ address, country: true });
      }
    });

    test('state backend is inside the jurisdiction, encrypted and locked', () => {
      const backend = json.terraform!.backend;
      if (stack.policy.state.kind === 's3') {
        expect(backend.s3).toMatchObject({ encrypt: true, use_lockfile: true, key: `sovereign-${j.id}/terraform.tfstate` });
        expect(j.countries).toContain(findRegion('aws', backend.s3.region)!.country);
        expect(backend.s3.dynamodb_table).toBeUndefined();
      } else if (stack.policy.state.kind === 'azurerm') {
        expect(backend.azurerm).toMatchObject({ use_azuread_auth: true, storage_account_name: stack.policy.state.storageAccount });
        expect(j.countries).toContain(stack.policy.state.location.country);
      } else {
        expect(backend.s3).toMatchObject({ encrypt: true, use_lockfile: true, endpoints: { s3: stack.policy.state.endpoint } });
        expect(j.countries).toContain(stack.policy.state.country);
      }
      expect(json.terraform!.required_version).toBe('>= 1.10.0');
    });

    test('one aliased AWS provider per region, each with the residency default tags', () => {
      // Plus, with Route 53 routing and AWS gateways, the DNS account's provider (stacks/dns-account.ts): in the
      // jurisdiction's primary region (Route 53 is global), public DNS data only, so no residency tags.
      const dns = json.provider!.aws.filter((p) => p.alias === 'dns');
      expect(dns.map((p) => [p.region, p.default_tags[0].tags])).toEqual([[stack.policy.aws!.primary.code, { 'managed-by': 'cdktf-sovereign-ai', purpose: 'dns' }]]);
      expect(Object.values(json.resource!).flatMap((r) => Object.entries(r)).filter(([, a]) => a.provider === 'aws.dns').map(([, a]) => a.for_each)).toEqual([
        expect.stringContaining(`if contains(["api.ai.example.com"], val.domain_name)`),
      ]);
      const providers = json.provider!.aws.filter((p) => p.alias !== 'dns');
      expect(providers.map((p) => [p.alias, p.region])).toEqual([
        [stack.policy.aws!.primary.code, stack.policy.aws!.primary.code],
        [stack.policy.aws!.secondary!.code, stack.policy.aws!.secondary!.code],
      ]);
      for (const p of providers) {
        expect(p.default_tags[0].tags).toEqual({ jurisdiction: j.id, 'data-residency': j.residency, 'managed-by': 'cdktf-sovereign-ai' });
      }
      for (const [, attrs] of Object.entries(json.resource!).filter(([t]) => t.startsWith('aws_')).flatMap(([, r]) => Object.entries(r))) {
        expect(attrs.provider).toMatch(/^aws\./); // never the unaliased default provider
      }
    });

    test('every taggable Azure resource carries the residency tags', () => {
      const taggable = stack.node.findAll().filter((n): n is TerraformResource => n instanceof TerraformResource && n.terraformResourceType.startsWith('azurerm_') && 'tagsInput' in n);
      expect(taggable.length).toBeGreaterThanOrEqual(6);
      for (const r of taggable) {
        const attrs = json.resource![r.terraformResourceType][r.friendlyUniqueId];
        expect(Object.keys(attrs.tags ?? {}).sort()).toEqual([...TAGS].sort());
        expect(attrs.tags.jurisdiction).toBe(j.id);
      }
    });

    test('network baseline: private subnets in two zones per VPC, nothing public', () => {
      for (const type of ['aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'azurerm_public_ip']) expect(resourcesOf(json, type)).toEqual([]);
      const vpcs = resourcesOf(json, 'aws_vpc');
      expect(vpcs).toHaveLength(2);
      const subnets = resourcesOf(json, 'aws_subnet');
      expect(subnets).toHaveLength(4);
      for (const [, s] of subnets) {
        expect(s.map_public_ip_on_launch).toBe(false);
        // By zone ID, among the zones (no opt-in) whose names the region's sagemaker.runtime endpoint service lists where a model runs.
        expect(s.availability_zone).toBeUndefined();
        expect(s.availability_zone_id).toMatch(/^\$\{zipmap\(data\.aws_availability_zones\.[\w-]+\.names, data\.aws_availability_zones\.[\w-]+\.zone_ids\)\[element\(sort\((setintersection\(data\.aws_availability_zones\.[\w-]+\.names, tolist\(data\.aws_vpc_endpoint_service\.[\w-]+\.availability_zones\)\)|data\.aws_availability_zones\.[\w-]+\.names)\), [01]\)\]\}$/);
      }
      const services = Object.values(json.data!.aws_vpc_endpoint_service ?? {}) as any[];
      expect(services.map((x) => x.service_name)).toEqual([`com.amazonaws.${stack.policy.aws!.primary.code}.sagemaker.runtime`]);
      for (const [name, sg] of resourcesOf(json, 'aws_security_group')) {
        // the baseline's endpoint group sends nothing; the model's group may reach only the VPC and the S3 gateway endpoint
        if (name.includes('endpoints-sg')) expect(sg.egress).toEqual([]);
        for (const rule of sg.egress ?? []) expect(rule.cidr_blocks ?? rule.prefix_list_ids).toEqual(rule.cidr_blocks ? [expect.stringMatching(/^10\./)] : [expect.stringMatching(/^\$\{data\.aws_prefix_list\./)]);
        for (const rule of sg.ingress ?? []) expect(rule.cidr_blocks.every((c: string) => c.startsWith('10.'))).toBe(true);
      }
      for (const [, dsg] of resourcesOf(json, 'aws_default_security_group')) {
        expect(dsg.ingress).toBeUndefined();
        expect(dsg.egress).toBeUndefined();
      }
      const azSubnets = resourcesOf(json, 'azurerm_subnet').filter(([, s]) => s.name === 'snet-private-endpoints');
      expect(azSubnets).toHaveLength(2);
      for (const [, s] of azSubnets) expect(s.default_outbound_access_enabled).toBe(false);
      for (const [, nsg] of resourcesOf(json, 'azurerm_network_security_group')) {
        // every NSG denies inbound from the Internet and allows nothing inbound; the gateway subnet's NSG also lists its outbound needs
        expect(nsg.security_rule).toContainEqual(expect.objectContaining({ direction: 'Inbound', access: 'Deny', source_address_prefix: 'Internet' }));
        expect(nsg.security_rule.filter((r: any) => r.direction === 'Inbound' && r.access === 'Allow')).toEqual([]);
      }
    });
  });
});

describe('the placement check used above', () => {
  test('catches a resource added outside the jurisdiction through an escape hatch (and so does the rule pack)', () => {
    const { app: rogueApp, stacks: [, eu] } = buildApp(policy!, { outdir: mkdtempSync(join(tmpdir(), 'rogue-app-')) });
    const rg = eu.node.findAll().find((n) => n instanceof TerraformResource && n.terraformResourceType === 'azurerm_resource_group') as TerraformResource;
    rg.addOverride('location', 'uksouth');
    expect(() => rogueApp.synth()).toThrow(/Sovereign-ResidencyRegion/);
    const json = eu.toTerraform() as SynthJson;
    const outside = placements(json).filter((p) => findRegion(p.placement!.cloud, p.placement!.region)!.country === 'GB');
    expect(outside.map((p) => p.address)).toContain(`azurerm_resource_group.${rg.friendlyUniqueId}`);
    expect(outside.length).toBeGreaterThan(1); // the VNet and NSG that reference the group follow it
  });
});
