import { AcmCertificate } from '@cdktn/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktn/provider-aws/lib/acm-certificate-validation';
import { ApiGatewayBasePathMapping } from '@cdktn/provider-aws/lib/api-gateway-base-path-mapping';
import { ApiGatewayDomainName } from '@cdktn/provider-aws/lib/api-gateway-domain-name';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { Fn, TerraformIterator, Token } from 'cdktn';
import { Construct } from 'constructs';
import { assertDnsName } from './aws-common';

/** A name clients use, which DNS moves between the jurisdiction's regions; every region's gateway serves it. */
export interface ServiceHostname {
  readonly hostname: string;
  /**
   * Public hosted zone that holds the name's ACM validation record (e.g. the parent zone for `api.<domain>`).
   * @default - the gateway's hostedZoneId
   */
  readonly validationZoneId?: string;
}

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
}

/** ACM puts the first domain name in the certificate's Common Name, limited to 64 octets (RFC 5280). */
export const CERTIFICATE_COMMON_NAME_MAX = 64;
/** ACM's default quota of domain names per certificate. */
export const CERTIFICATE_NAMES_MAX = 10;

/** API Gateway target of one custom domain name, for Route 53 alias or CNAME records. */
export interface DomainTarget {
  readonly regionalDomainName: string;
  readonly regionalZoneId: string;
}

/**
 * Regional custom domain names of one API stage, all on one regional ACM certificate (DNS
 * validated, one record per name in its zone) with the TLS 1.2 security policy:
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
    const path = this.node.path;
    const { provider, dnsProvider } = props;
    const names = [props.regionalHostname, ...props.serviceHostnames.map((s) => s.hostname)];
    names.forEach((n) => assertDnsName(path, 'gateway hostname', n));
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`${path}: hostname "${dup}" is listed twice`);
    if (props.serviceHostnames.length === 0) throw new Error(`${path}: serviceHostnames is empty; DNS failover needs a name every region serves`);
    if (names.length > CERTIFICATE_NAMES_MAX) throw new Error(`${path}: ${names.length} hostnames; an ACM certificate holds at most ${CERTIFICATE_NAMES_MAX} by default`);
    if (props.regionalHostname.length > CERTIFICATE_COMMON_NAME_MAX) {
      throw new Error(
        `${path}: "${props.regionalHostname}" is ${props.regionalHostname.length} characters; ACM limits the certificate's first name to ${CERTIFICATE_COMMON_NAME_MAX}: shorten the domain or the jurisdiction id`,
      );
    }

    const cert = new AcmCertificate(this, 'certificate', {
      provider,
      domainName: props.regionalHostname,
      subjectAlternativeNames: props.serviceHostnames.map((s) => s.hostname),
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      lifecycle: { createBeforeDestroy: true },
    });
    // One validation record per name, keyed by name (the set's order is not known at synth), in the
    // zone of that name. The same name validated in two regions gives the same record: allow_overwrite.
    const zoneByName: Record<string, string> = { [props.regionalHostname]: props.hostedZoneId };
    for (const s of props.serviceHostnames) zoneByName[s.hostname] = s.validationZoneId ?? props.hostedZoneId;
    const options = TerraformIterator.fromComplexList(cert.domainValidationOptions, 'domain_name');
    const records = new Route53Record(this, 'validation', {
      forEach: options,
      provider: dnsProvider,
      zoneId: Fn.lookup(zoneByName, options.key),
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'certificate-validation', {
      provider,
      certificateArn: cert.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty('fqdn')),
    });

    const domain = (key: string, name: string): DomainTarget => {
      const dn = new ApiGatewayDomainName(this, key, {
        provider,
        domainName: name,
        regionalCertificateArn: validation.certificateArn,
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
    this.certificateArn = validation.certificateArn;
  }
}
