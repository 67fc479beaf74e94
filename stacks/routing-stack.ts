import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktn/provider-azurerm/lib/resource-group';
import { TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { countryTargetFor, GlobalGeoRouting, TrafficManagerGeoRouting, type FailoverEndpoint } from '../lib/dns';
import { countryChainOf, type SovereigntyPolicy } from '../lib/policy';
import { configureEngine } from './engine';
import { ROUTE53_API_REGION } from './dns-stack';
import type { JurisdictionStack } from './jurisdiction-stack';

export const ROUTING_STACK_NAME = 'sovereign-routing';

/**
 * The global routing layer (the last phase): which jurisdiction answers a client, by country. It holds
 * public DNS names only (no data), and reads nothing from other stacks' state: with Route 53 it puts
 * geolocation records into the parent zone `<domain>`, which the DNS stack created and delegated (looked
 * up by name); it depends on every jurisdiction's serving stack, so clients are routed only to names
 * that answer (`cdktn deploy '*'` keeps that order). With Traffic Manager it builds the profiles.
 */
export class RoutingStack extends TerraformStack {
  public readonly geoRouting?: GlobalGeoRouting;
  public readonly trafficManager?: TrafficManagerGeoRouting;

  constructor(scope: Construct, policy: SovereigntyPolicy, jurisdictions: readonly { stack: JurisdictionStack; chain: readonly FailoverEndpoint[] }[], after: readonly TerraformStack[]) {
    super(scope, ROUTING_STACK_NAME);
    const dns = policy.dns!;
    configureEngine(this, dns.engine, dns.requiredTerraformVersion, dns.state);
    for (const stack of after) this.addDependency(stack);
    const tags = { 'managed-by': 'cdktf-sovereign-ai', purpose: 'global-routing' };

    if (dns.provider === 'route53') {
      const provider = new AwsProvider(this, 'aws', {
        region: ROUTE53_API_REGION,
        allowedAccountIds: dns.aws?.accountId ? [dns.aws.accountId] : undefined,
        assumeRole: dns.aws?.roleArn ? [{ roleArn: dns.aws.roleArn, sessionName: 'cdktf-sovereign-ai-routing' }] : undefined,
        defaultTags: [{ tags }],
      });
      // The DNS stack owns the parent zone and the delegations; this stack adds the country records.
      const parent = new DataAwsRoute53Zone(this, 'parent-zone', { provider, name: policy.domain, privateZone: false });
      this.geoRouting = new GlobalGeoRouting(this, 'geo', {
        provider,
        domain: policy.domain,
        serviceName: dns.serviceName,
        defaultJurisdiction: policy.routingDefault,
        hostedZoneId: parent.zoneId,
        jurisdictions: jurisdictions.map(({ stack, chain }) => ({
          jurisdiction: stack.policy.jurisdiction,
          clientCountries: stack.policy.clientCountries,
          // Only to tiers that serve <service>.<domain> (lib/policy countryChainOf); none: no answer, never another jurisdiction.
          countryTarget: countryTargetFor(chain.length, countryChainOf(stack.policy, dns.serviceName, policy.domain).length, dns.serviceName, stack.policy.jurisdiction.id, policy.domain),
        })),
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
