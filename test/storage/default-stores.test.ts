/** The default policy's data stores, composed by stacks/storage.ts: where each copy lives. */
import { Testing } from 'cdktn';
import { findRegion } from '../../lib/catalog';
import { loadPolicy } from '../../lib/policy';
import { JurisdictionStack } from '../../stacks/jurisdiction-stack';
import { addDataStores, azureRedundancy } from '../../stacks/storage';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { resourcesOf, synthJson } from '../support/synth';

const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);

describe.each(policy!.jurisdictions.map((j) => [j.jurisdiction.id, j] as const))('jurisdiction %s', (_id, jp) => {
  const stack = new JurisdictionStack(Testing.app(), jp);
  const stores = addDataStores(stack, { namespace: policy!.namespace, keyIssuedOn: policy!.keyIssuedOn });
  const json = synthJson(stack);
  const providerRegion = (attrs: any) => json.provider!.aws.find((p) => `aws.${p.alias}` === attrs.provider).region;

  test('one replicated S3 store: primary in the primary region, replica in the secondary, both in the jurisdiction', () => {
    expect(stores.buckets).toHaveLength(1);
    const [bucket] = stores.buckets;
    expect(bucket.region.code).toBe(jp.aws!.primary.code);
    const buckets = resourcesOf(json, 'aws_s3_bucket').filter(([name]) => !name.includes('log-bucket'));
    expect(buckets.map(([, b]) => providerRegion(b)).sort()).toEqual([jp.aws!.primary.code, jp.aws!.secondary!.code].sort());
    for (const [, b] of buckets) expect(jp.jurisdiction.countries).toContain(findRegion('aws', providerRegion(b))!.country);
    const [[, replication]] = resourcesOf(json, 'aws_s3_bucket_replication_configuration');
    const [rule] = replication.rule;
    expect(rule.destination.bucket).toMatch(/^\$\{aws_s3_bucket\.store-models-aws_replica_bucket_[0-9A-F]+\.arn\}$/);
    const replicaName = /^\$\{aws_s3_bucket\.([^.]+)\.arn\}$/.exec(rule.destination.bucket)![1];
    expect(providerRegion(json.resource!.aws_s3_bucket[replicaName])).toBe(jp.aws!.secondary!.code);
    expect(rule.destination.encryption_configuration.replica_kms_key_id).toMatch(new RegExp(`^\\$\\{aws_kms_key\\.key-aws-${jp.aws!.secondary!.code}_key_[0-9A-F]+\\.arn\\}$`));
    expect(rule.source_selection_criteria.sse_kms_encrypted_objects.status).toBe('Enabled');
  });

  test('one Azure store, geo-redundant only because the paired region is inside the jurisdiction', () => {
    expect(stores.storageAccounts).toHaveLength(1);
    const [[, account]] = resourcesOf(json, 'azurerm_storage_account');
    expect(account.location).toBe(jp.azure!.primary.code);
    expect(account.account_replication_type).toBe('GZRS');
    const pair = findRegion('azure', jp.azure!.primary.pairedRegion!)!;
    expect(jp.jurisdiction.countries).toContain(pair.country);
  });
});

describe('azureRedundancy', () => {
  const POLICY = (primary: string, secondary: string) => `version: 1
name: redundancy-test
domain: ai.example.org
keyIssuedOn: "2026-01-01"
routing: { default: none }
jurisdictions:
  - id: eu
    preset: EU
    azure: { primary: ${primary}, secondary: ${secondary}, deployer: { ipRanges: [203.0.113.10/32] } }
    state: { aws: { bucket: x-eu-tfstate, region: eu-central-1 } }
dataStores:
  - { name: docs, jurisdiction: eu }
`;

  test.each([
    ['germanywestcentral', 'swedencentral', 'GZRS', false], // pair germanynorth is in DE
    ['polandcentral', 'germanywestcentral', 'ZRS', true], // no pair: ZRS + object replication to the secondary
    ['northeurope', 'swedencentral', 'GZRS', false], // pair westeurope (NL) is in the EU
  ])('%s (secondary %s): %s, object replication %s', (primary, secondary, type, objectReplication) => {
    const { policy: p, problems } = loadPolicy(POLICY(primary, secondary), 'r.yaml');
    expect(problems.filter((x) => x.severity === 'error')).toEqual([]);
    const stack = new JurisdictionStack(Testing.app(), p!.jurisdictions[0]);
    expect(azureRedundancy(p!.jurisdictions[0].dataStores[0], stack, p!.jurisdictions[0].azure!.primary)).toEqual({ type, objectReplication });
    const stores = addDataStores(stack, { namespace: p!.namespace, keyIssuedOn: p!.keyIssuedOn });
    const json = synthJson(stack);
    const replications = resourcesOf(json, 'azurerm_storage_object_replication');
    expect(replications).toHaveLength(objectReplication ? 1 : 0);
    expect(stores.storageAccounts.map((a) => a.region.code).sort()).toEqual((objectReplication ? [primary, secondary] : [primary]).sort());
  });
});
