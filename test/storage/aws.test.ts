import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack, Testing } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction, type Region } from '../../lib/catalog';
import { JurisdictionKey, ResidencyBucket, type JurisdictionKeyProps, type ResidencyBucketProps } from '../../lib/storage/aws';
import { resourcesOf, synthJson, type SynthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const UK = jurisdiction('uk', { countries: ['GB'] });
const ADMIN = 'arn:aws:iam::123456789012:role/key-admin';
const USER = 'arn:aws:iam::123456789012:role/model-server';
const VPCE_FRANKFURT = 'vpce-0123456789abcdef0';
const VPCE_PARIS = 'vpce-0fedcba9876543210';

function region(code: string): Region {
  const r = findRegion('aws', code);
  if (!r) throw new Error(`no region ${code}`);
  return r;
}

/** A stack with one aliased provider per region. */
function setup(codes = ['eu-central-1', 'eu-west-3']) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const providers = Object.fromEntries(codes.map((c) => [c, new AwsProvider(stack, `aws-${c}`, { alias: c, region: c })]));
  const key = (code: string, j: Jurisdiction = EU, extra: Partial<JurisdictionKeyProps> = {}) =>
    new JurisdictionKey(stack, `key-${j.id}-${code}${extra.purpose ? `-${extra.purpose}` : ''}`, { jurisdiction: j, provider: providers[code], region: region(code), purpose: 'data', ...extra });
  const place = (code: string, j: Jurisdiction = EU) => ({ provider: providers[code], region: region(code), key: key(code, j) });
  return { stack, providers, key, place };
}

/** Frankfurt primary, Paris replica, both behind VPC endpoints, 30 days of Object Lock. */
function replicated(overrides: Partial<ResidencyBucketProps> = {}) {
  const { stack, place } = setup();
  const primary = place('eu-central-1');
  const replica = { ...place('eu-west-3'), vpcEndpointIds: [VPCE_PARIS] };
  const store = new ResidencyBucket(stack, 'store', {
    jurisdiction: EU, namespace: 'acme', storeName: 'models', primary, replica,
    vpcEndpointIds: [VPCE_FRANKFURT], objectLockDays: 30, ...overrides,
  });
  return { stack, store, json: synthJson(stack) };
}

/** The one resource of `type` whose logical id is `<path>_<8 hex>`. */
function one(json: SynthJson, type: string, path: string): [string, any] {
  const found = resourcesOf(json, type).filter(([id]) => new RegExp(`^${path}_[0-9A-F]{8}$`).test(id));
  expect(found).toHaveLength(1);
  return found[0];
}
const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;
const idOf = (json: SynthJson, type: string, path: string) => one(json, type, path)[0];
const statements = (policy: string): any[] => JSON.parse(policy).Statement;
const bySid = (policy: string, sid: string) => statements(policy).find((s) => s.Sid === sid);

describe('JurisdictionKey', () => {
  function key(extra: Partial<JurisdictionKeyProps> = {}) {
    const { stack, key } = setup();
    key('eu-central-1', EU, extra);
    return synthJson(stack);
  }

  test('creates a rotated, single-region, undeletable key with an alias in its region', () => {
    const json = key();
    const [keyId, attrs] = one(json, 'aws_kms_key', 'key-eu-eu-central-1_key');
    expect(attrs).toMatchObject({
      provider: 'aws.eu-central-1', enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30,
      multi_region: false, key_usage: 'ENCRYPT_DECRYPT', customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      bypass_policy_lockout_safety_check: false, lifecycle: { prevent_destroy: true },
    });
    expect(one(json, 'aws_kms_alias', 'key-eu-eu-central-1_alias')[1]).toEqual({
      provider: 'aws.eu-central-1', name: 'alias/sovereign-eu-data', target_key_id: ref('aws_kms_key', keyId, 'key_id'),
    });
  });

  test('allowCloudWatchLogs admits CloudWatch Logs of the key region, for log groups of this account only', () => {
    const policy = (extra: Partial<JurisdictionKeyProps>) => JSON.parse(one(key(extra), 'aws_kms_key', 'key-eu-eu-central-1_key')[1].policy);
    expect(policy({}).Statement.map((st: { Sid: string }) => st.Sid)).not.toContain('CloudWatchLogseucentral1');
    const statement = policy({ allowCloudWatchLogs: true }).Statement.find((st: { Sid: string }) => st.Sid === 'CloudWatchLogseucentral1');
    expect(statement).toMatchObject({ Effect: 'Allow', Principal: { Service: 'logs.eu-central-1.amazonaws.com' } });
    expect(statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:logs:eu-central-1:\$\{data\.aws_caller_identity\.[^}]+\}:log-group:\*$/);
  });

  test('key policy names the account root of the partition and nothing else by default', () => {
    const json = key();
    const partition = ref('data.aws_partition', idOf({ resource: json.data }, 'aws_partition', 'key-eu-eu-central-1_partition'), 'partition');
    const account = ref('data.aws_caller_identity', idOf({ resource: json.data }, 'aws_caller_identity', 'key-eu-eu-central-1_account'), 'account_id');
    const policy = statements(one(json, 'aws_kms_key', 'key-eu-eu-central-1_key')[1].policy);
    expect(policy).toEqual([
      { Sid: 'AccountRootManagesKeyAndDelegatesToIam', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    ]);
  });

  test('admin roles administer without using; user roles use the key only through S3 in its region', () => {
    const json = key({ adminRoleArns: [ADMIN], userRoleArns: [USER] });
    const policy = one(json, 'aws_kms_key', 'key-eu-eu-central-1_key')[1].policy;
    const admin = bySid(policy, 'KeyAdministrators');
    expect(admin.Principal).toEqual({ AWS: [ADMIN] });
    expect(admin.Action).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']));
    expect(admin.Action).not.toEqual(expect.arrayContaining(['kms:Decrypt']));
    expect(admin.Action.filter((a: string) => /\*|Grant$|Encrypt|Decrypt|GenerateDataKey/.test(a) && a !== 'kms:RevokeGrant' && a !== 'kms:ListGrants')).toEqual([]);
    const partitionId = idOf({ resource: json.data }, 'aws_partition', 'key-eu-eu-central-1_partition');
    const user = bySid(policy, 'KeyUsersThroughS3InRegion');
    expect(user.Principal).toEqual({ AWS: [USER] });
    expect(user.Condition.StringEquals['kms:ViaService']).toBe(`s3.eu-central-1.${ref('data.aws_partition', partitionId, 'dns_suffix')}`);
  });

  test.each([7, 14, 30])('accepts a deletion window of %i days', (days) => {
    expect(one(key({ deletionWindowInDays: days }), 'aws_kms_key', 'key-eu-eu-central-1_key')[1].deletion_window_in_days).toBe(days);
  });

  test.each([5, 6, 31, 7.5])('fails when the deletion window is %p days', (days) => {
    expect(() => key({ deletionWindowInDays: days })).toThrow(`deletionWindowInDays must be an integer from 7 to 30, got ${days}`);
  });

  test('fails when the key region is outside the jurisdiction (London is GB)', () => {
    const { key } = setup(['eu-west-2']);
    expect(() => key('eu-west-2')).toThrow(/key region eu-west-2 \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu"/);
  });

  test('fails when the provider is configured for another region', () => {
    const { stack, providers } = setup();
    expect(() => new JurisdictionKey(stack, 'k', { jurisdiction: EU, provider: providers['eu-west-3'], region: region('eu-central-1'), purpose: 'data' }))
      .toThrow('the AWS provider eu-west-3 is configured for eu-west-3, not eu-central-1');
  });

  test.each([
    ['purpose', { purpose: 'Model Data' }, /purpose "Model Data" must be 1 to 32 lower-case/],
    ['a role ARN of another partition', { userRoleArns: ['arn:aws-us-gov:iam::123456789012:role/x'] }, /partition aws-us-gov, the key's region eu-central-1 in aws/],
    ['a user that is not a role ARN', { userRoleArns: ['arn:aws:iam::123456789012:user/bob'] }, /is not an IAM role ARN/],
  ])('fails when given a bad %s', (_what, extra, message) => {
    expect(() => key(extra as Partial<JurisdictionKeyProps>)).toThrow(message);
  });
});

describe('ResidencyBucket', () => {
  const { store, json } = replicated();
  const keyArn = (code: string) => ref('aws_kms_key', idOf(json, 'aws_kms_key', `key-eu-${code}_key`), 'arn');
  const sites = [
    ['primary', 'eu-central-1', VPCE_FRANKFURT],
    ['replica', 'eu-west-3', VPCE_PARIS],
  ] as const;

  test.each(sites)('%s data bucket (%s) is named per account and region, undeletable, never force-destroyed', (site, code) => {
    const accountId = idOf({ resource: json.data }, 'aws_caller_identity', `store_${site}_account`);
    expect(one(json, 'aws_s3_bucket', `store_${site}_bucket`)[1]).toEqual({
      provider: `aws.${code}`, bucket: `acme-eu-models-${code}-${ref('data.aws_caller_identity', accountId, 'account_id')}`,
      force_destroy: false, object_lock_enabled: true, lifecycle: { prevent_destroy: true },
      tags: { 'data-classification': 'confidential', store: 'models', purpose: 'data' },
    });
  });

  test.each(sites)('%s data bucket (%s) is SSE-KMS with its region key, versioned, private, TLS-only', (site, code, vpce) => {
    const bucketId = idOf(json, 'aws_s3_bucket', `store_${site}_bucket`);
    const bucket = ref('aws_s3_bucket', bucketId, 'id');
    const arn = ref('aws_s3_bucket', bucketId, 'arn');
    expect(one(json, 'aws_s3_bucket_server_side_encryption_configuration', `store_${site}_encryption`)[1]).toEqual({
      provider: `aws.${code}`, bucket,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn(code) }, bucket_key_enabled: true, blocked_encryption_types: ['SSE-C'] }],
    });
    expect(one(json, 'aws_s3_bucket_versioning', `store_${site}_versioning`)[1].versioning_configuration).toEqual({ status: 'Enabled' });
    expect(one(json, 'aws_s3_bucket_public_access_block', `store_${site}_public-access-block`)[1]).toMatchObject({
      bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true,
    });
    expect(one(json, 'aws_s3_bucket_ownership_controls', `store_${site}_ownership`)[1].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    const policy = one(json, 'aws_s3_bucket_policy', `store_${site}_policy`)[1].policy;
    expect(bySid(policy, 'DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    // The replication role and the deploying principal (its role: the session's issuer) are exempt: the
    // deployer uploads artifacts and reads them at plan from outside the VPC, and could rewrite this policy anyway.
    const deployer = idOf({ resource: json.data }, 'aws_iam_session_context', `store_${site}_deployer`);
    expect(bySid(policy, 'DenyOutsideVpcEndpoints').Condition).toEqual({
      StringNotEquals: { 'aws:SourceVpce': [vpce] },
      ArnNotEquals: { 'aws:PrincipalArn': [ref('aws_iam_role', idOf(json, 'aws_iam_role', 'store_replication-role'), 'arn'), ref('data.aws_iam_session_context', deployer, 'issuer_arn')] },
    });
    // HeadBucket is authorized by s3:ListBucket and the provider reads every bucket with it: never denied outside the VPC.
    const denied: string[] = bySid(policy, 'DenyOutsideVpcEndpoints').Action;
    expect(denied.filter((a) => 's3:ListBucket'.startsWith(a.replace(/\*$/, '')) || a.startsWith('s3:ListBucket'))).toEqual([]);
    expect(denied).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject*', 's3:DeleteObject*']));
    expect(one(json, 'aws_s3_bucket_object_lock_configuration', `store_${site}_object-lock`)[1].rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 30 } });
  });

  test.each(sites)('%s data bucket (%s) aborts uploads after 7 days, expires noncurrent versions, logs to its region', (site, code) => {
    expect(one(json, 'aws_s3_bucket_lifecycle_configuration', `store_${site}_lifecycle`)[1].rule).toEqual([{
      id: 'expire-noncurrent-versions', status: 'Enabled', filter: [{}],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      expiration: [{ expired_object_delete_marker: true }],
    }]);
    expect(one(json, 'aws_s3_bucket_logging', `store_${site}_logging`)[1]).toMatchObject({
      provider: `aws.${code}`, target_prefix: 'access-logs/',
      target_bucket: ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', `store_${site}_log-bucket`), 'id'),
    });
  });

  test.each(sites)('%s log bucket (%s) is SSE-S3 (logging cannot target SSE-KMS), protected, written by S3 logging only', (site, code) => {
    const logId = idOf(json, 'aws_s3_bucket', `store_${site}_log-bucket`);
    const accountId = idOf({ resource: json.data }, 'aws_caller_identity', `store_${site}_account`);
    expect(one(json, 'aws_s3_bucket', `store_${site}_log-bucket`)[1]).toMatchObject({
      provider: `aws.${code}`, force_destroy: false, object_lock_enabled: false, lifecycle: { prevent_destroy: true },
      bucket: `acme-eu-models-logs-${code}-${ref('data.aws_caller_identity', accountId, 'account_id')}`,
    });
    expect(one(json, 'aws_s3_bucket_server_side_encryption_configuration', `store_${site}_log-encryption`)[1].rule)
      .toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, blocked_encryption_types: ['SSE-C'] }]);
    expect(one(json, 'aws_s3_bucket_versioning', `store_${site}_log-versioning`)[1].versioning_configuration.status).toBe('Enabled');
    expect(one(json, 'aws_s3_bucket_public_access_block', `store_${site}_log-public-access-block`)[1].restrict_public_buckets).toBe(true);
    expect(one(json, 'aws_s3_bucket_ownership_controls', `store_${site}_log-ownership`)[1].rule.object_ownership).toBe('BucketOwnerEnforced');
    const policy = one(json, 'aws_s3_bucket_policy', `store_${site}_log-policy`)[1].policy;
    expect(bySid(policy, 'DenyInsecureTransport').Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    expect(bySid(policy, 'AllowS3ServerAccessLogs')).toEqual({
      Sid: 'AllowS3ServerAccessLogs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject',
      Resource: `${ref('aws_s3_bucket', logId, 'arn')}/access-logs/*`,
      Condition: {
        ArnLike: { 'aws:SourceArn': ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', `store_${site}_bucket`), 'arn') },
        StringEquals: { 'aws:SourceAccount': ref('data.aws_caller_identity', accountId, 'account_id') },
      },
    });
    expect(one(json, 'aws_s3_bucket_lifecycle_configuration', `store_${site}_log-lifecycle`)[1].rule[0]).toMatchObject({
      expiration: [{ days: 365 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
  });

  test('replicates every object, version and delete marker to the replica, re-encrypted with the replica key', () => {
    const [, replication] = one(json, 'aws_s3_bucket_replication_configuration', 'store_replication');
    const roleId = idOf(json, 'aws_iam_role', 'store_replication-role');
    expect(replication).toMatchObject({
      provider: 'aws.eu-central-1', role: ref('aws_iam_role', roleId, 'arn'),
      bucket: ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', 'store_primary_bucket'), 'id'),
    });
    expect(replication.rule).toEqual([{
      id: 'replicate-to-eu-west-3', status: 'Enabled', priority: 1, filter: {},
      delete_marker_replication: { status: 'Enabled' },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
      destination: { bucket: ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', 'store_replica_bucket'), 'arn'), encryption_configuration: { replica_kms_key_id: keyArn('eu-west-3') } },
    }]);
    expect(replication.depends_on).toEqual(expect.arrayContaining([
      `aws_s3_bucket_versioning.${idOf(json, 'aws_s3_bucket_versioning', 'store_primary_versioning')}`,
      `aws_s3_bucket_versioning.${idOf(json, 'aws_s3_bucket_versioning', 'store_replica_versioning')}`,
    ]));
    expect(replication.lifecycle.precondition[0].condition).toMatch(/^\$\{\(data\.aws_caller_identity\.store_primary_account_\w+\.account_id == data\.aws_caller_identity\.store_replica_account_\w+\.account_id\)\}$/);
  });

  test('replication role: trusted by S3 of this account, allowed exactly the two buckets and keys, no wildcards', () => {
    const [, role] = one(json, 'aws_iam_role', 'store_replication-role');
    expect(role.name).toBe('acme-eu-models-s3-replication');
    expect(statements(role.assume_role_policy)).toEqual([{
      Sid: 'S3ReplicationOfThisAccount', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ref('data.aws_caller_identity', idOf({ resource: json.data }, 'aws_caller_identity', 'store_replication-account'), 'account_id') } },
    }]);
    const policy = statements(one(json, 'aws_iam_role_policy', 'store_replication-policy')[1].policy);
    const primary = ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', 'store_primary_bucket'), 'arn');
    const replica = ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', 'store_replica_bucket'), 'arn');
    const resources = new Set(policy.flatMap((s) => s.Resource));
    expect(resources).toEqual(new Set([primary, `${primary}/*`, `${replica}/*`, keyArn('eu-central-1'), keyArn('eu-west-3')]));
    const actions = policy.flatMap((s) => s.Action);
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObjectVersionForReplication', 's3:ReplicateObject', 's3:ReplicateDelete', 's3:GetObjectRetention', 'kms:Decrypt', 'kms:Encrypt']));
    expect(policy.every((s) => s.Effect === 'Allow' && !s.NotAction && !s.NotResource)).toBe(true);
  });

  test('every resource and data source names its provider explicitly', () => {
    const blocks = [...Object.values(json.resource ?? {}), ...Object.values(json.data ?? {})].flatMap((byId) => Object.values(byId));
    expect(blocks.length).toBeGreaterThan(40);
    expect(blocks.filter((b: any) => !['aws.eu-central-1', 'aws.eu-west-3'].includes(b.provider))).toEqual([]);
  });

  test('exposes the names and ARNs as references', () => {
    const { stack: other, store: exposed } = replicated();
    const attributes = { bucketArn: exposed.bucketArn, replicaBucketArn: exposed.replicaBucketArn, logBucketName: exposed.logBucketName };
    for (const [name, value] of Object.entries(attributes)) new TerraformOutput(other, name, { value });
    const outputs = (synthJson(other) as { output: Record<string, { value: string }> }).output;
    expect(outputs.bucketArn.value).toBe(ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', 'store_primary_bucket'), 'arn'));
    expect(outputs.replicaBucketArn.value).toBe(ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', 'store_replica_bucket'), 'arn'));
    expect(outputs.logBucketName.value).toBe(ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', 'store_primary_log-bucket'), 'bucket'));
    expect(store.region.code).toBe('eu-central-1');
  });

  test('without replica, Object Lock or endpoints: one region, no role, no lock, no perimeter', () => {
    const { stack, place } = setup();
    const single = new ResidencyBucket(stack, 'store', { jurisdiction: EU, namespace: 'acme', storeName: 'prompts', primary: place('eu-central-1'), classification: 'restricted', noncurrentVersionExpirationDays: 30, accessLogRetentionDays: 400 });
    const out = synthJson(stack);
    expect(resourcesOf(out, 'aws_s3_bucket')).toHaveLength(2);
    for (const type of ['aws_iam_role', 'aws_s3_bucket_replication_configuration', 'aws_s3_bucket_object_lock_configuration']) expect(resourcesOf(out, type)).toEqual([]);
    expect(single.replicaBucketArn).toBeUndefined();
    const [, bucket] = one(out, 'aws_s3_bucket', 'store_primary_bucket');
    expect(bucket).toMatchObject({ object_lock_enabled: false, tags: { 'data-classification': 'restricted' } });
    expect(statements(one(out, 'aws_s3_bucket_policy', 'store_primary_policy')[1].policy).map((s) => s.Sid)).toEqual(['DenyInsecureTransport', 'DenyTlsBelow12']);
    expect(one(out, 'aws_s3_bucket_lifecycle_configuration', 'store_primary_lifecycle')[1].rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(one(out, 'aws_s3_bucket_lifecycle_configuration', 'store_primary_log-lifecycle')[1].rule[0].expiration).toEqual([{ days: 400 }]);
  });
});

describe('ResidencyBucket refusals', () => {
  /** A fresh stack on every call (toThrow may call it more than once), primary in Frankfurt. */
  function attempt(codes: string[], build: (s: ReturnType<typeof setup>) => Partial<ResidencyBucketProps>, j: Jurisdiction = EU, keyJurisdiction = j) {
    return () => {
      const s = setup(codes);
      return new ResidencyBucket(s.stack, 'store', {
        jurisdiction: j, namespace: 'acme', storeName: 'models', primary: s.place('eu-central-1', keyJurisdiction), ...build(s),
      });
    };
  }

  test('fails when the replica is in London (eu-west-2, GB): outside the EU although its code starts with eu-', () => {
    const run = attempt(['eu-central-1', 'eu-west-2'], (s) => ({ replica: s.place('eu-west-2', UK) }));
    expect(run).toThrow(/replica region eu-west-2 \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu" \(AT, BE, BG.*AWS regions allowed there: eu-west-1, /);
    expect(run).toThrow(/AWS regions allowed there: eu-west-1, eu-west-3, eu-north-1/);
    expect(run).not.toThrow(/allowed there: .*eu-central-1/);
  });

  test('fails when the replica is the primary region', () => {
    expect(attempt(['eu-central-1'], (s) => ({ replica: { provider: s.providers['eu-central-1'], region: region('eu-central-1'), key: s.key('eu-central-1', EU, { purpose: 'replica' }) } })))
      .toThrow(/replica region eu-central-1 \(Frankfurt, DE \(Germany\)\) is the primary region; a replica of jurisdiction "eu" .* must be in another region/);
  });

  test('fails when the replica is in another partition (AWS European Sovereign Cloud)', () => {
    expect(attempt(['eu-central-1', 'eusc-de-east-1'], (s) => ({ replica: s.place('eusc-de-east-1') })))
      .toThrow(/replica region eusc-de-east-1 .* is in partition aws-eusc, the primary eu-central-1 in aws/);
  });

  test('fails when the primary is outside the jurisdiction', () => {
    expect(attempt(['eu-central-1'], () => ({}), UK, EU)).toThrow(/primary region eu-central-1 \(Frankfurt, DE \(Germany\)\) is outside jurisdiction "uk" \(GB\); AWS regions allowed there: eu-west-2$/);
  });

  test('fails when a bucket is given the key of another region', () => {
    expect(attempt(['eu-central-1', 'eu-west-3'], (s) => ({ primary: { provider: s.providers['eu-central-1'], region: region('eu-central-1'), key: s.key('eu-west-3') } })))
      .toThrow('the primary key is the key of eu in eu-west-3; the primary bucket in eu-central-1 needs the key of eu in eu-central-1');
  });

  test.each(['a', 'Models', 'my-store', 'abcdefghijklm', 'mödels'])('fails when the store name is %p', (storeName) => {
    expect(attempt(['eu-central-1'], () => ({ storeName }))).toThrow(`storeName "${storeName}" must be 2 to 12 lower-case letters or digits`);
  });

  test('fails when a bucket name would exceed 63 characters, naming it and its length', () => {
    const long = jurisdiction('european-union', { preset: 'EU' });
    const name = 'organisation-name-xy-european-union-abcdefghijkl-logs-eu-central-1-000000000000';
    expect(attempt(['eu-central-1'], () => ({ namespace: 'organisation-name-xy', storeName: 'abcdefghijkl', jurisdiction: long }), long, long))
      .toThrow(`data bucket name "${name.replace('-logs', '')}" (${name.length - 5} characters, account id counted as 12 digits) is not a valid S3 bucket name: it has ${name.length - 5} characters (3-63). Shorten or fix namespace, jurisdiction id or storeName.`);
  });

  test.each([
    ['the namespace starts with xn--', { namespace: 'xn--acme' }, /bucket name "xn--acme-eu-models-eu-central-1-000000000000" .* it starts with a reserved prefix \(xn--, sthree-, amzn-s3-demo-\)/],
    ['the namespace has a dot', { namespace: 'acme.io' }, /namespace "acme.io" must be 1 to 20 lower-case letters, digits or inner hyphens/],
    ['objectLockDays is 0', { objectLockDays: 0 }, /objectLockDays must be an integer from 1 to 36500, got 0/],
    ['a VPC endpoint id is malformed', { vpcEndpointIds: ['vpc-123'] }, /vpcEndpointIds has "vpc-123", which is not a VPC endpoint id/],
  ])('fails when %s', (_what, props, message) => {
    expect(attempt(['eu-central-1'], () => props as Partial<ResidencyBucketProps>)).toThrow(message);
  });

  test('fails when the primary is behind VPC endpoints and the replica has none of its own region', () => {
    expect(attempt(['eu-central-1', 'eu-west-3'], (s) => ({ vpcEndpointIds: [VPCE_FRANKFURT], replica: s.place('eu-west-3') })))
      .toThrow('so give replica.vpcEndpointIds (endpoints in eu-west-3) for the replica bucket too');
  });
});
