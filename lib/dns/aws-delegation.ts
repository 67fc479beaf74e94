/**
 * `DelegatedZones`: the DNS tree a first deploy needs before anything else, in one construct (a DNS
 * stack deployed first): the parent zone `<domain>`, one zone `<id>.<domain>` per jurisdiction
 * (created through that jurisdiction's own provider, so it lives in the jurisdiction's account), and
 * the NS (and DS) delegation of each jurisdiction zone in the parent.
 *
 * Why first: ACM DNS validation completes only when the validation CNAME is publicly resolvable, so
 * the zone holding it must already be delegated (hashicorp/terraform-provider-aws#13031; the provider
 * waits up to 75 minutes in `aws_acm_certificate_validation`, internal/service/acm/certificate_validation.go).
 * With the zones and delegations created here, later stacks find their zone by name
 * (`data.aws_route53_zone`) and their certificates validate in the same apply. The one step left to a
 * person: set `parentNameServers` at the registrar (or in the zone above `<domain>`).
 */
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import { createPublicHostedZone, type HostedZoneOptions } from './aws-hosted-zone';
import { dnsLabelProblem, dnsNameProblem, jurisdictionZoneName } from './names';

export interface DelegatedJurisdiction {
  /** The jurisdiction id: its zone is `<id>.<domain>`. */
  readonly id: string;
  /** Provider of the jurisdiction's own account (Route 53 is global; any region of that account works). */
  readonly provider: AwsProvider;
  /**
   * KMS key (us-east-1) that signs the jurisdiction zone; its DS record is published in the parent.
   * @default - the jurisdiction zone is not signed
   */
  readonly dnssecKmsKeyArn?: string;
  /**
   * Name servers the parent delegates to instead of the Route 53 zone's own (the zone is also served,
   * or served only, by name servers the jurisdiction runs).
   * @default - the Route 53 zone's name servers
   */
  readonly nameServers?: readonly string[];
}

export interface DelegatedZonesProps extends HostedZoneOptions {
  /** The parent domain (`ai.example.com`); `provider` (and the DNSSEC / query-log options) are the parent zone's. */
  readonly domain: string;
  readonly jurisdictions: readonly DelegatedJurisdiction[];
  /**
   * TTL of the NS and DS delegation records (see GlobalGeoRoutingProps.delegationTtlSeconds for the trade-off).
   * @default 3600
   */
  readonly delegationTtlSeconds?: number;
}

export interface DelegatedZone {
  readonly zoneId: string;
  readonly zoneName: string;
  readonly nameServers: string[];
}

export class DelegatedZones extends Construct {
  public readonly parentZoneId: string;
  /** Name servers of `<domain>`: set them at the registrar (or in the zone above) once, after the first deploy. */
  public readonly parentNameServers: string[];
  /** DS record for the registrar when the parent zone is signed. */
  public readonly parentDsRecord?: string;
  /** The jurisdiction zones by jurisdiction id. */
  public readonly zones: Readonly<Record<string, DelegatedZone>>;

  constructor(scope: Construct, id: string, props: DelegatedZonesProps) {
    super(scope, id);
    const problems: string[] = [];
    const domainProblem = dnsNameProblem('domain', props.domain);
    if (domainProblem) problems.push(domainProblem);
    const ids = props.jurisdictions.map((j) => j.id);
    for (const jid of ids) {
      const p = dnsLabelProblem('jurisdiction id', jid);
      if (p) problems.push(p);
    }
    const dup = ids.find((x, i) => ids.indexOf(x) !== i);
    if (dup) problems.push(`jurisdiction "${dup}" is listed twice`);
    const ttl = props.delegationTtlSeconds ?? 3600;
    if (!Number.isInteger(ttl) || ttl < 60 || ttl > 172800) problems.push(`delegationTtlSeconds ${ttl} must be an integer from 60 to 172800 seconds`);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('; ')}`);

    const parentScope = new Construct(this, 'parent');
    const parent = createPublicHostedZone(parentScope, props.domain, `Parent zone of ${props.domain}: delegations to the jurisdiction zones, country routing`, props);
    const zones: Record<string, DelegatedZone> = {};
    for (const j of props.jurisdictions) {
      const name = jurisdictionZoneName(j.id, props.domain);
      const child = createPublicHostedZone(new Construct(this, `jurisdiction-${j.id}`), name, `Jurisdiction ${j.id}: its gateways, certificate validation and failover records`, {
        provider: j.provider,
        dnssecKmsKeyArn: j.dnssecKmsKeyArn,
      });
      new Route53Record(this, `delegation-${j.id}`, { provider: props.provider, zoneId: parent.zone.zoneId, name, type: 'NS', ttl, records: j.nameServers ? [...j.nameServers] : child.zone.nameServers });
      if (child.dsRecord !== undefined) {
        // Chain of trust only once the child is signed (Route 53 developer guide, "Enabling DNSSEC signing
        // and establishing a chain of trust": step 2 signs, step 3 adds the DS): a DS published first makes
        // validating resolvers reject the whole zone, ACM's validation records included.
        new Route53Record(this, `ds-${j.id}`, { provider: props.provider, zoneId: parent.zone.zoneId, name, type: 'DS', ttl, records: [child.dsRecord], dependsOn: child.signing ? [child.signing] : undefined });
      }
      zones[j.id] = { zoneId: child.zone.zoneId, zoneName: name, nameServers: child.zone.nameServers };
    }
    this.parentZoneId = parent.zone.zoneId;
    this.parentNameServers = parent.zone.nameServers;
    this.parentDsRecord = parent.dsRecord;
    this.zones = Object.freeze(zones);
  }
}
