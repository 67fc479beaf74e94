import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktn/provider-azurerm/lib/resource-group';
import { TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { GlobalGeoRouting, TrafficManagerGeoRouting, jurisdictionZoneName, type FailoverEndpoint } from '../lib/dns';
import type { SovereigntyPolicy } from '../lib/policy';
import { configureEngine } from './engine';
import type { JurisdictionStack } from './jurisdiction-stack';

export const ROUTING_STACK_NAME = 'sovereign-routing';

/** Route 53 is a global service; its API lives in us-east-1 of the commercial partition. */
const ROUTE53_API_REGION = 'us-east-1';

/**
 * The global routing layer: which jurisdiction answers a client, by country. It holds public DNS
 * names only (no data), and reads nothing from the jurisdiction stacks' state: Route 53 delegations
 * look the jurisdiction zones up by name, so deploy the jurisdiction stacks first (the stack
 * dependencies make `cdktn deploy '*'` do that).
 */
export class RoutingStack extends TerraformStack {
  public readonly geoRouting?: GlobalGeoRouting;
  public readonly trafficManager?: TrafficManagerGeoRouting;

  constructor(scope: Construct, policy: SovereigntyPolicy, jurisdictions: readonly { stack: JurisdictionStack; chain: readonly FailoverEndpoint[] }[]) {
    super(scope, ROUTING_STACK_NAME);
    const dns = policy.dns!;
    configureEngine(this, dns.engine, dns.requiredTerraformVersion, dns.state);
    for (const { stack } of jurisdictions) this.addDependency(stack);
    const tags = { 'managed-by': 'cdktf-sovereign-ai', purpose: 'global-routing' };

    if (dns.provider === 'route53') {
      const provider = new AwsProvider(this, 'aws', {
        region: ROUTE53_API_REGION,
        allowedAccountIds: dns.aws?.accountId ? [dns.aws.accountId] : undefined,
        assumeRole: dns.aws?.roleArn ? [{ roleArn: dns.aws.roleArn, sessionName: 'cdktf-sovereign-ai-routing' }] : undefined,
        defaultTags: [{ tags }],
      });
      this.geoRouting = new GlobalGeoRouting(this, 'geo', {
        provider,
        domain: policy.domain,
        serviceName: dns.serviceName,
        defaultJurisdiction: policy.routingDefault,
        jurisdictions: jurisdictions.map(({ stack }) => {
          const j = stack.policy;
          const nameServers = j.failover.nameServers ?? new DataAwsRoute53Zone(this, `zone-${j.jurisdiction.id}`, {
            provider,
            name: jurisdictionZoneName(j.jurisdiction.id, policy.domain),
            privateZone: false,
          }).nameServers;
          return { jurisdiction: j.jurisdiction, clientCountries: j.clientCountries, nameServers };
        }),
      });
      return;
    }

    const provider = new AzurermProvider(this, 'azurerm', {
      features: [{}],
      subscriptionId: dns.azure!.subscriptionId,
      tenantId: dns.azure!.tenantId,
    });
    const rg = new ResourceGroup(this, 'rg', { provider, name: `rg-${policy.namespace}-routing`, location: dns.azure!.location.code, tags });
    this.trafficManager = new TrafficManagerGeoRouting(this, 'traffic-manager', {
      provider,
      resourceGroupName: rg.name,
      profileName: `${policy.namespace}-${dns.serviceName}`,
      defaultJurisdiction: policy.routingDefault,
      jurisdictions: jurisdictions.map(({ stack, chain }) => ({
        jurisdiction: stack.policy.jurisdiction,
        clientCountries: stack.policy.clientCountries,
        chain,
        allowCrossBorder: stack.policy.failover.allowCrossBorder,
        drill: stack.policy.failover.drill,
      })),
    });
  }
}
