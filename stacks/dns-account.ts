/**
 * The DNS account inside a jurisdiction's base stack: the parent zone `<domain>` (created by the DNS
 * stack, phase 1, in the account of policy `dns.aws`) holds the ACM validation records of the
 * country-routed name `<service>.<domain>`, which every AWS gateway of the jurisdiction serves. The
 * base stack (phase 2) writes them through this provider; the same account and role as the DNS and
 * routing stacks (stacks/dns-stack.ts, stacks/routing-stack.ts).
 */
import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import type { TerraformStack } from 'cdktn';
import { allowedRegionList, type Jurisdiction, type Region } from '../lib/catalog';
import type { SovereigntyPolicy } from '../lib/policy';
import { ROUTE53_API_REGION } from './dns-stack';

export interface ParentZone {
  /** The DNS account's provider, aliased `dns`. */
  readonly provider: AwsProvider;
  readonly zoneId: string;
  /** `<service>.<domain>`: the name the routing stack sends clients to by country. */
  readonly countryName: string;
}

/** The parent zone through the DNS account, or undefined unless the policy routes with Route 53. */
/**
 * `region`: the jurisdiction's primary AWS region. Route 53 is global (its API answers in every commercial
 * region), and a provider outside the jurisdiction is refused by Sovereign-ResidencyRegion; the DNS stack
 * builds its per-jurisdiction providers the same way.
 */
function jurisdictionOf(policy: SovereigntyPolicy, id: string): Jurisdiction {
  return policy.jurisdictions.find((j) => j.jurisdiction.id === id)!.jurisdiction;
}

export function parentZoneOf(stack: TerraformStack, policy: SovereigntyPolicy, jurisdictionId: string, region: Region): ParentZone | undefined {
  const dns = policy.dns;
  if (dns?.provider !== 'route53') return undefined;
  const provider = new AwsProvider(stack, 'aws-dns', {
    alias: 'dns',
    // Route 53 of the commercial partition (the DNS account's zones); a sovereign-partition region has no public Route 53.
    // A sovereign-partition primary: the first commercial region inside the jurisdiction (Route 53 answers in
    // every commercial region), else Route 53's home region, which Sovereign-ResidencyRegion then names.
    region: region.partition === 'aws' ? region.code : (allowedRegionList('aws', jurisdictionOf(policy, jurisdictionId), { partition: 'aws' })[0]?.code ?? ROUTE53_API_REGION),
    allowedAccountIds: dns.aws?.accountId ? [dns.aws.accountId] : undefined,
    assumeRole: dns.aws?.roleArn ? [{ roleArn: dns.aws.roleArn, sessionName: `cdktf-sovereign-ai-${jurisdictionId}-validation` }] : undefined,
    defaultTags: [{ tags: { 'managed-by': 'cdktf-sovereign-ai', purpose: 'dns' } }],
  });
  const zone = new DataAwsRoute53Zone(stack, 'parent-zone', { provider, name: policy.domain, privateZone: false });
  return { provider, zoneId: zone.zoneId, countryName: `${dns.serviceName}.${policy.domain}` };
}
