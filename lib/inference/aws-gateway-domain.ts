import { ApiGatewayBasePathMapping } from '@cdktn/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDomainName } from '@cdktn/provider-aws/lib/api-gateway-domain-name';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { assertCertificateNames, createValidatedCertificate, type ServiceHostname } from './aws-gateway-certificate';

export { CERTIFICATE_COMMON_NAME_MAX, CERTIFICATE_NAMES_MAX, type ServiceHostname } from './aws-gateway-certificate';

export interface GatewayDomainsProps {
  /** The AWS provider of the gateway's region: the certificate and custom domains are regional. */
  readonly provider: AwsProvider;
  /** Provider for Route 53 (a global service). */
  readonly dnsProvider: AwsProvider;
  /** Public hosted zone of the regional hostname (and of service names without their own validation zone). */
  readonly hostedZoneId: string;
  /** `<region>.<jurisdiction>.<domain>`: this region only (health checks, failover targets, pinned clients). */
  readonly regionalHostname: string;
  readonly serviceHostnames: readonly ServiceHostname[];
  readonly restApiId: string;
  readonly stageName: string;
  /**
   * ARN of a validated ACM certificate of this region covering regionalHostname and every service
   * hostname (a `GatewayCertificate` deployed in an earlier phase).
   * @default - a certificate is created and DNS-validated here (the zone must already be delegated)
   */
  readonly certificateArn?: string;
}

/** API Gateway target of one custom domain name, for Route 53 alias or CNAME records. */
export interface DomainTarget {
  readonly regionalDomainName: string;
  readonly regionalZoneId: string;
}

/**
 * Regional custom domain names of one API stage, all on one regional ACM certificate (DNS
 * validated, one record per name in its zone; given, or created here) with the TLS 1.2 security policy:
 * - the regional hostname, which also gets an A alias record here, so `https://<region>...` answers;
 * - each service hostname, served by every region's gateway with a certificate of its own region:
 *   this is what lets DNS move clients between regions without a certificate error.
 */
export class GatewayDomains extends Construct {
  public readonly certificateArn: string;
  public readonly regional: DomainTarget;
  /** Targets per service hostname, in the order given. */
  public readonly services: Readonly<Record<string, DomainTarget>>;

  constructor(scope: Construct, id: string, props: GatewayDomainsProps) {
    super(scope, id);
    const { provider, dnsProvider } = props;
    assertCertificateNames(this.node.path, props.regionalHostname, props.serviceHostnames);
    const certificateArn = props.certificateArn ?? createValidatedCertificate(this, props);

    const domain = (key: string, name: string): DomainTarget => {
      const dn = new ApiGatewayDomainName(this, key, {
        provider,
        domainName: name,
        regionalCertificateArn: certificateArn,
        endpointConfiguration: { types: ['REGIONAL'] },
        securityPolicy: 'TLS_1_2',
      });
      new ApiGatewayBasePathMapping(this, `${key}-mapping`, { provider, apiId: props.restApiId, stageName: props.stageName, domainName: dn.domainName });
      return { regionalDomainName: dn.regionalDomainName, regionalZoneId: dn.regionalZoneId };
    };
    this.regional = domain('regional-domain', props.regionalHostname);
    const services: Record<string, DomainTarget> = {};
    // Construct ids follow the host name, so reordering the list replaces nothing.
    for (const s of props.serviceHostnames) services[s.hostname] = domain(`service-domain-${s.hostname.replace(/\./g, '-')}`, s.hostname);
    this.services = Object.freeze(services);
    new Route53Record(this, 'regional-alias', {
      provider: dnsProvider,
      zoneId: props.hostedZoneId,
      name: props.regionalHostname,
      type: 'A',
      alias: { name: this.regional.regionalDomainName, zoneId: this.regional.regionalZoneId, evaluateTargetHealth: false },
    });
    this.certificateArn = certificateArn;
  }
}
