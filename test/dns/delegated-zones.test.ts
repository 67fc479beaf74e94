import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { DelegatedZones, type DelegatedJurisdiction } from '../../lib/dns';
import { resourcesOf, synthJson } from '../support/synth';

const KSK = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function build(jurisdiction: Partial<DelegatedJurisdiction> = {}) {
  const stack = new TerraformStack(Testing.app(), 'sovereign-dns');
  const parent = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const eu = new AwsProvider(stack, 'aws-eu', { region: 'eu-central-1', alias: 'eu' });
  new DelegatedZones(stack, 'zones', { provider: parent, domain: 'ai.example.com', jurisdictions: [{ id: 'eu', provider: eu, ...jurisdiction }] });
  return synthJson(stack);
}

describe('DelegatedZones', () => {
  test('the parent and the jurisdiction zone carry prevent_destroy; the parent delegates by NS', () => {
    const json = build();
    const zones = resourcesOf(json, 'aws_route53_zone').map(([, z]) => z);
    expect(zones.map((z) => [z.name, z.lifecycle?.prevent_destroy]).sort()).toEqual([['ai.example.com', true], ['eu.ai.example.com', true]]);
    const ns = resourcesOf(json, 'aws_route53_record').map(([, r]) => r).filter((r) => r.type === 'NS');
    expect(ns).toHaveLength(1);
    expect(ns[0]).toMatchObject({ name: 'eu.ai.example.com', ttl: 3600 });
  });

  // Route 53 developer guide, "Enabling DNSSEC signing and establishing a chain of trust"
  // (dns-configuring-dnssec-enable-signing): step 2 enables signing, step 3 adds the DS to the parent.
  // A DS published before the child is signed makes validating resolvers reject the child zone.
  test('a signed jurisdiction zone: the DS in the parent waits for signing to be enabled', () => {
    const json = build({ dnssecKmsKeyArn: KSK });
    const [[signingId]] = resourcesOf(json, 'aws_route53_hosted_zone_dnssec');
    const ds = resourcesOf(json, 'aws_route53_record').map(([, r]) => r).filter((r) => r.type === 'DS');
    expect(ds).toHaveLength(1);
    expect(ds[0].records[0]).toMatch(/aws_route53_key_signing_key\..+\.ds_record/);
    expect(ds[0].depends_on).toContain(`aws_route53_hosted_zone_dnssec.${signingId}`);
  });
});
