import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Fn, TerraformOutput, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { DelegatedZones } from '../lib/dns';
import type { SovereigntyPolicy } from '../lib/policy';
import { configureEngine } from './engine';

export const DNS_STACK_NAME = 'sovereign-dns';

/** Route 53 is a global service; its API lives in us-east-1 of the commercial partition. */
export const ROUTE53_API_REGION = 'us-east-1';

/** The DNS stack's state key: the routing stack's backend, its own key. */
function dnsStateKey(key: string, kind: string): string {
  return kind === 's3' ? key.replace(/terraform\.tfstate$/, 'dns.tfstate') : key.replace(/\.tfstate$/, '-dns.tfstate');
}

/**
 * Phase 1 of a first deploy (only with `dns.provider: route53`): the parent zone `<domain>` (in the DNS
 * account), each jurisdiction's zone `<id>.<domain>` (created through that jurisdiction's provider, so it
 * lives in the jurisdiction's account, where the later stacks look it up by name), and the NS
 * delegations. Every later stack depends on it: certificates validate in the jurisdiction zones only
 * once they are delegated. Its output `parent_name_servers` is the one manual step: set those name
 * servers at the registrar of `<domain>` (or in the zone above it) before deploying the next phase.
 * Public DNS data only; state in the routing stack's backend under its own key.
 */
export class DnsStack extends TerraformStack {
  public readonly zones: DelegatedZones;

  constructor(scope: Construct, policy: SovereigntyPolicy) {
    super(scope, DNS_STACK_NAME);
    const dns = policy.dns!;
    configureEngine(this, dns.engine, dns.requiredTerraformVersion, dns.state, dnsStateKey(dns.state.key, dns.state.kind));
    const parent = new AwsProvider(this, 'aws', {
      region: ROUTE53_API_REGION,
      allowedAccountIds: dns.aws?.accountId ? [dns.aws.accountId] : undefined,
      assumeRole: dns.aws?.roleArn ? [{ roleArn: dns.aws.roleArn, sessionName: 'cdktf-sovereign-ai-dns' }] : undefined,
      defaultTags: [{ tags: { 'managed-by': 'cdktf-sovereign-ai', purpose: 'dns' } }],
    });
    const jurisdictions = policy.jurisdictions.map((jp) => {
      const j = jp.jurisdiction;
      if (!jp.aws) throw new Error(`${this.node.path}: jurisdiction "${j.id}" has no AWS placement; its Route 53 zone needs the jurisdiction's AWS account (give it aws:, or use dns.provider: azure)`);
      const provider = new AwsProvider(this, `aws-${j.id}`, {
        alias: j.id,
        region: jp.aws.primary.code, // Route 53 is global; the jurisdiction's primary region and account
        allowedAccountIds: jp.aws.accountId ? [jp.aws.accountId] : undefined,
        assumeRole: jp.aws.roleArn ? [{ roleArn: jp.aws.roleArn, sessionName: `cdktf-sovereign-ai-${j.id}-dns` }] : undefined,
        // Not the `jurisdiction` tag: this stack holds public DNS data of every jurisdiction, no jurisdiction's data.
        defaultTags: [{ tags: { 'managed-by': 'cdktf-sovereign-ai', purpose: 'dns', 'dns-zone-of': j.id } }],
      });
      return { id: j.id, provider, nameServers: jp.failover.nameServers };
    });
    this.zones = new DelegatedZones(this, 'zones', { provider: parent, domain: policy.domain, jurisdictions });
    new TerraformOutput(this, 'parent_name_servers', {
      value: this.zones.parentNameServers,
      description: `One-time manual step: set these name servers for ${policy.domain} at its registrar (or as NS records in the zone above it), then deploy the jurisdiction stacks`,
    });
    if (dns.powerdns) {
      // Multi-provider DNS: the registrar lists both providers; resolvers use whichever answers.
      new TerraformOutput(this, 'registrar_name_servers', {
        value: Fn.concat([this.zones.parentNameServers, [...dns.powerdns.nameServers]]),
        description: `Multi-provider DNS: set all of these for ${policy.domain} at its registrar: Route 53's and the PowerDNS servers ${dns.powerdns.name} (operator ${dns.powerdns.operator}), which serve the same zones from the same failover chain (zone files: cdktf-sovereign-ai powerdns-zones)`,
      });
    }
    for (const [id, zone] of Object.entries(this.zones.zones)) {
      new TerraformOutput(this, `zone_${id}_name_servers`, { value: zone.nameServers, description: `Name servers of ${zone.zoneName} (delegated from ${policy.domain} by this stack)` });
    }
  }
}
