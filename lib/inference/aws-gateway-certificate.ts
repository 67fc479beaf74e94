/**
 * The regional ACM certificate of an inference gateway, DNS-validated in the jurisdiction's zone, as
 * its own construct so a deploy can create and validate it one phase before the gateway binds it.
 *
 * Facts: ACM DNS validation completes only once the validation CNAME resolves publicly, i.e. its zone
 * is delegated from the parent (hashicorp/terraform-provider-aws#13031); `aws_acm_certificate_validation`
 * waits up to 75 minutes (internal/service/acm/certificate_validation.go). ACM puts the first name in
 * the Common Name (64 octets, RFC 5280) and allows 10 names per certificate by default (ACM quotas).
 */
import { AcmCertificate } from '@cdktn/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktn/provider-aws/lib/acm-certificate-validation';
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
  /**
   * Provider of the account that holds validationZoneId (e.g. the DNS account's provider for the parent
   * zone `<domain>`, which another account owns than the jurisdiction zone).
   * @default - the certificate's dnsProvider
   */
  readonly validationProvider?: AwsProvider;
}

/** ACM puts the first domain name in the certificate's Common Name, limited to 64 octets (RFC 5280). */
export const CERTIFICATE_COMMON_NAME_MAX = 64;
/** ACM's default quota of domain names per certificate. */
export const CERTIFICATE_NAMES_MAX = 10;

export interface GatewayCertificateProps {
  /** The AWS provider of the gateway's region: ACM certificates are regional. */
  readonly provider: AwsProvider;
  /**
   * Provider for the Route 53 validation records (a global service).
   * @default - provider
   */
  readonly dnsProvider?: AwsProvider;
  /** Public hosted zone of the regional hostname (and of service names without their own validation zone); it must be delegated already. */
  readonly hostedZoneId: string;
  /** `<region>.<jurisdiction>.<domain>`: the certificate's first name. */
  readonly regionalHostname: string;
  readonly serviceHostnames: readonly ServiceHostname[];
}

/** Checks the names a gateway certificate covers; throws with every bad name. */
export function assertCertificateNames(path: string, regionalHostname: string, serviceHostnames: readonly ServiceHostname[]): void {
  const names = [regionalHostname, ...serviceHostnames.map((s) => s.hostname)];
  names.forEach((n) => assertDnsName(path, 'gateway hostname', n));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`${path}: hostname "${dup}" is listed twice`);
  if (serviceHostnames.length === 0) throw new Error(`${path}: serviceHostnames is empty; DNS failover needs a name every region serves`);
  if (names.length > CERTIFICATE_NAMES_MAX) throw new Error(`${path}: ${names.length} hostnames; an ACM certificate holds at most ${CERTIFICATE_NAMES_MAX} by default`);
  if (regionalHostname.length > CERTIFICATE_COMMON_NAME_MAX) {
    throw new Error(
      `${path}: "${regionalHostname}" is ${regionalHostname.length} characters; ACM limits the certificate's first name to ${CERTIFICATE_COMMON_NAME_MAX}: shorten the domain or the jurisdiction id`,
    );
  }
}

/**
 * Creates, under `scope`, the certificate (`certificate`), one validation record per name
 * (`validation`, for_each) and the validation wait (`certificate-validation`); returns the ARN of the
 * validated certificate (a reference to the validation, so whatever binds it waits for it).
 */
export function createValidatedCertificate(scope: Construct, props: GatewayCertificateProps): string {
  const { provider } = props;
  const dnsProvider = props.dnsProvider ?? provider;
  const cert = new AcmCertificate(scope, 'certificate', {
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
  // Names validated through another provider (another account's zone) get their own record group.
  const others = [...new Set(props.serviceHostnames.map((s) => s.validationProvider).filter((p): p is AwsProvider => !!p && p !== dnsProvider))];
  const namesOf = (p: AwsProvider | undefined) => props.serviceHostnames.filter((s) => (s.validationProvider ?? dnsProvider) === p).map((s) => s.hostname);
  const group = (id: string, p: AwsProvider, names?: readonly string[]): Route53Record => {
    // Keyed by name; with a split, a for expression keeps this provider's names only. The for expression
    // runs over the set itself, never `tolist()` of it: for a new (or replaced) certificate the provider
    // knows only each option's domain_name at plan, and a set with unknown parts has no order, so
    // `tolist()` of it is wholly unknown and `for_each` fails with "Invalid for_each argument"
    // (hashicorp/terraform-cdk#3627; seen here with terraform 1.11.4). The provider's own example
    // iterates the set (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/acm_certificate_validation).
    const filter = names ? ` if contains(${JSON.stringify(names)}, val.domain_name)` : '';
    const options = TerraformIterator.fromMap(Token.asAnyMap(TerraformIterator.fromMap(Token.asAnyMap(cert.interpolationForAttribute('domain_validation_options'))).forExpressionForMap('val.domain_name', `val${filter}`)));
    return new Route53Record(scope, id, {
      forEach: options,
      provider: p,
      zoneId: Fn.lookup(zoneByName, options.key),
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: 300,
      allowOverwrite: true,
    });
  };
  const groups = [group('validation', dnsProvider, others.length ? [props.regionalHostname, ...namesOf(dnsProvider)] : undefined)];
  others.forEach((p, i) => groups.push(group(`validation-${i + 2}`, p, namesOf(p))));
  const validation = new AcmCertificateValidation(scope, 'certificate-validation', {
    provider,
    certificateArn: cert.arn,
    validationRecordFqdns: groups.length === 1
      ? Token.asList(TerraformIterator.fromResources(groups[0]).pluckProperty('fqdn'))
      : Fn.concat(groups.map((g) => Token.asList(TerraformIterator.fromResources(g).pluckProperty('fqdn')))),
  });
  return validation.certificateArn;
}

/**
 * A gateway's regional certificate on its own: deploy it in a phase before the gateway (the base
 * stack), so the gateway's apply never waits on validation; pass `certificateArn` to the gateway.
 */
export class GatewayCertificate extends Construct {
  /** ARN of the validated certificate. */
  public readonly certificateArn: string;
  public readonly regionalHostname: string;
  public readonly serviceHostnames: readonly string[];

  constructor(scope: Construct, id: string, props: GatewayCertificateProps) {
    super(scope, id);
    assertCertificateNames(this.node.path, props.regionalHostname, props.serviceHostnames);
    this.certificateArn = createValidatedCertificate(this, props);
    this.regionalHostname = props.regionalHostname;
    this.serviceHostnames = props.serviceHostnames.map((s) => s.hostname);
  }
}
