/**
 * A public Route 53 hosted zone with the two opt-ins static analysis asks for (checkov CKV2_AWS_38
 * DNSSEC signing, CKV2_AWS_39 query logging). Both are off by default because Route 53 requires
 * their resources in us-east-1, whatever the jurisdiction:
 * - DNSSEC: the key-signing key's KMS key "must be in the US East (N. Virginia) Region", asymmetric
 *   ECC_NIST_P256, with a key policy for Route 53 (Route 53 Developer Guide,
 *   dns-configuring-dnssec-cmk-requirements). It signs public DNS data only.
 * - Query logging: "You must create the log group in the us-east-1 region" (API CreateQueryLoggingConfig),
 *   with a CloudWatch Logs resource policy that lets Route 53 write. The logs hold resolver addresses
 *   and the names queried: records about clients, kept in the US.
 * The zone has no `force_destroy`: Terraform refuses to delete it while it holds records it does not manage.
 * It also carries `prevent_destroy`: a recreated public zone gets new name servers (Route 53 assigns a
 * delegation set per zone), which breaks the delegation above it (registrar or parent zone) until
 * someone copies the new set there.
 */
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Route53HostedZoneDnssec } from '@cdktn/provider-aws/lib/route53-hosted-zone-dnssec';
import { Route53KeySigningKey } from '@cdktn/provider-aws/lib/route53-key-signing-key';
import { Route53QueryLog } from '@cdktn/provider-aws/lib/route53-query-log';
import { Route53Zone } from '@cdktn/provider-aws/lib/route53-zone';
import { Token } from 'cdktn';
import type { Construct } from 'constructs';

/** Props both zone constructs share. */
export interface HostedZoneOptions {
  /**
   * The AWS provider the Route 53 resources are created through. Route 53 is a global service: a
   * provider of any region works; pass one of the owning stack's providers (in a jurisdiction stack,
   * its primary region's) so every resource of the stack has an explicit provider.
   */
  readonly provider: AwsProvider;
  /**
   * ARN of a KMS key in us-east-1 (asymmetric ECC_NIST_P256, key policy allowing Route 53 DNSSEC) that
   * signs the zone: creates a key-signing key and turns DNSSEC signing on. Give the parent zone the
   * `dsRecord` afterwards; to turn signing off, remove that DS record first and wait out its TTL.
   * @default - the zone is not signed (validating resolvers treat it as insecure, which still resolves)
   */
  readonly dnssecKmsKeyArn?: string;
  /**
   * ARN of a CloudWatch Logs log group in us-east-1 (with a resource policy letting Route 53 write)
   * that receives the zone's DNS query logs.
   * @default - no query logging (no client resolver addresses are recorded outside the jurisdiction)
   */
  readonly queryLogGroupArn?: string;
}

const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;
const LOG_GROUP_ARN = /^arn:aws:logs:([a-z0-9-]+):\d{12}:log-group:[\w.\-/#]+(:\*)?$/;

function assertUsEast1Arn(path: string, prop: string, arn: string, pattern: RegExp, kind: string): void {
  if (Token.isUnresolved(arn)) return;
  const match = pattern.exec(arn);
  if (!match) throw new Error(`${path}: ${prop} "${arn}" is not ${kind} ARN`);
  if (match[1] !== 'us-east-1') {
    throw new Error(`${path}: ${prop} "${arn}" is in ${match[1]}; Route 53 accepts only ${kind} in us-east-1`);
  }
}

export interface PublicHostedZone {
  readonly zone: Route53Zone;
  /** The DS record for the parent zone when DNSSEC is on. */
  readonly dsRecord?: string;
  /**
   * The signing switch when DNSSEC is on: a DS record for this zone in the same apply must depend on
   * it, since a DS published before the zone is signed makes validating resolvers reject the zone.
   */
  readonly signing?: Route53HostedZoneDnssec;
}

/** Creates the zone (construct id `zone`) and, when asked, `ksk` + `dnssec` and `query-log` under `scope`. */
export function createPublicHostedZone(scope: Construct, name: string, comment: string, options: HostedZoneOptions): PublicHostedZone {
  const path = scope.node.path;
  const { provider, dnssecKmsKeyArn, queryLogGroupArn } = options;
  if (dnssecKmsKeyArn !== undefined) assertUsEast1Arn(path, 'dnssecKmsKeyArn', dnssecKmsKeyArn, KMS_KEY_ARN, 'a KMS key');
  if (queryLogGroupArn !== undefined) assertUsEast1Arn(path, 'queryLogGroupArn', queryLogGroupArn, LOG_GROUP_ARN, 'a CloudWatch Logs log group');

  const zone = new Route53Zone(scope, 'zone', { provider, name, comment, tags: { Name: name }, lifecycle: { preventDestroy: true } });
  let dsRecord: string | undefined;
  let signing: Route53HostedZoneDnssec | undefined;
  if (dnssecKmsKeyArn !== undefined) {
    const ksk = new Route53KeySigningKey(scope, 'ksk', { provider, hostedZoneId: zone.zoneId, keyManagementServiceArn: dnssecKmsKeyArn, name: 'ksk1' });
    signing = new Route53HostedZoneDnssec(scope, 'dnssec', { provider, hostedZoneId: ksk.hostedZoneId, dependsOn: [ksk] });
    dsRecord = ksk.dsRecord;
  }
  if (queryLogGroupArn !== undefined) {
    new Route53QueryLog(scope, 'query-log', { provider, zoneId: zone.zoneId, cloudwatchLogGroupArn: queryLogGroupArn });
  }
  return { zone, dsRecord, signing };
}
