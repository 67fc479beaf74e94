/**
 * ResidencyStorage and the grant methods, used as a library user would: their own stack, providers and
 * networks, stores written by hand (no policy file), imports from the package root.
 * Grants: on AWS the bucket policy statement and the KMS grant come together, for each copy of the
 * store (primary and replica), scoped to that store's bucket and that principal; on Azure the blob
 * data role assignments, scoped to that store's account (and its object-replication target).
 */
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { UserAssignedIdentity } from '@cdktn/provider-azurerm/lib/user-assigned-identity';
import { TerraformStack, Testing } from 'cdktn';
import {
  AwsNetworkBaseline,
  AwsResidencyBucket,
  AwsSageMakerEndpoint,
  AzureNetworkBaseline,
  AzureResidencyStorageAccount,
  BLOB_CONTRIBUTOR_ROLE,
  BLOB_READER_ROLE,
  KMS_READ_OPERATIONS,
  KMS_WRITE_OPERATIONS,
  RegionalKeys,
  ResidencyStorage,
  findRegion,
  jurisdiction,
  type DataStorePolicy,
  type JurisdictionPlacement,
  type ResidencyStore,
} from '../../lib';
import { resourcesOf, synthJson, type SynthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const store = (name: string, extra: Partial<DataStorePolicy> = {}): DataStorePolicy => ({
  name, classification: 'confidential', replication: true, noncurrentVersionExpirationDays: 90, privateOnly: false, ...extra,
});
const region = (cloud: 'aws' | 'azure', code: string) => findRegion(cloud, code)!;

/** A user's app: Frankfurt + Paris on AWS, Poland Central (no paired region) + Germany West Central on Azure. */
function userApp(stores: DataStorePolicy[] = [store('docs'), store('other')]) {
  const stack = new TerraformStack(Testing.app(), 'user-app');
  const aws = (['eu-central-1', 'eu-west-3'] as const).map((code, i) => {
    const provider = new AwsProvider(stack, `aws-${code}`, { alias: code, region: code });
    const network = new AwsNetworkBaseline(stack, `net-${code}`, { provider, namePrefix: 'user', cidrBlock: `10.${10 + i}.0.0/16` });
    return { role: i === 0 ? 'primary' as const : 'secondary' as const, region: region('aws', code), provider, network };
  });
  const azureProvider = new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const azure = (['polandcentral', 'germanywestcentral'] as const).map((code, i) => ({
    role: i === 0 ? 'primary' as const : 'secondary' as const,
    region: region('azure', code),
    network: new AzureNetworkBaseline(stack, `net-${code}`, { provider: azureProvider, location: code, namePrefix: 'user', addressSpace: `10.${20 + i}.0.0/16` }),
  }));
  const placement: JurisdictionPlacement = { jurisdiction: EU, aws, azure, azureProvider };
  const keys = new RegionalKeys(stack, 'keys', { placement, deployerIpRanges: ['203.0.113.10/32'] });
  const storage = new ResidencyStorage(stack, 'storage', { stores, keys, namespace: 'acme', keyIssuedOn: '2026-01-01' });
  const role = new IamRole(stack, 'reader-role', {
    provider: aws[0].provider,
    name: 'model-reader',
    assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  });
  const identity = new UserAssignedIdentity(stack, 'writer-identity', {
    provider: azureProvider, name: 'id-writer', location: 'polandcentral', resourceGroupName: azure[0].network.resourceGroupName,
  });
  return { stack, storage, keys, role, identity };
}

const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;
/** Logical id of the one resource of `type` at construct path `prefix` (`<path>_<8-hex hash>`, or the bare id of a top-level resource). */
function idOf(json: SynthJson, type: string, prefix: string): string {
  const ids = resourcesOf(json, type).map(([id]) => id).filter((id) => id === prefix || new RegExp(`^${prefix}_[0-9A-F]{8}$`).test(id));
  expect(ids).toHaveLength(1);
  return ids[0];
}
const policyOf = (json: SynthJson, bucketPrefix: string) => {
  const policies = resourcesOf(json, 'aws_s3_bucket_policy').filter(([, p]) => p.bucket === ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', bucketPrefix), 'id'));
  expect(policies).toHaveLength(1);
  return JSON.parse(policies[0][1].policy).Statement as any[];
};

describe('ResidencyStorage (library use, no policy file)', () => {
  test('one bucket and one account per store, with the region keys and vaults RegionalKeys created once per region', () => {
    const { stack, storage } = userApp();
    const json = synthJson(stack);
    expect(storage.buckets.map((b) => b.storeName)).toEqual(['docs', 'other']);
    expect(storage.store('docs').aws).toBeInstanceOf(AwsResidencyBucket);
    expect(storage.store('docs').azure).toBeInstanceOf(AzureResidencyStorageAccount);
    // Frankfurt and Paris keys, shared by both stores; one vault per Azure region (Poland Central has no pair: object replication).
    expect(resourcesOf(json, 'aws_kms_key')).toHaveLength(2);
    expect(resourcesOf(json, 'azurerm_key_vault')).toHaveLength(2);
    expect(resourcesOf(json, 'azurerm_storage_object_replication')).toHaveLength(2);
    // Parts sit next to the composition (their ids do not name it): the same logical ids as a stack that builds them one by one.
    expect(idOf(json, 'aws_s3_bucket', 'store-docs-aws_primary_bucket')).toBeDefined();
    expect(idOf(json, 'aws_kms_key', 'key-aws-eu-central-1_key')).toBeDefined();
  });

  test('the shared vocabulary: resourceId, resourceName, region, jurisdictionId, storeName on both halves', () => {
    const { storage } = userApp();
    const halves: ResidencyStore[] = storage.all;
    expect(halves).toHaveLength(4);
    for (const h of halves) {
      expect(h.jurisdictionId).toBe('eu');
      expect(['docs', 'other']).toContain(h.storeName);
      expect(EU.countries).toContain(h.region.country);
    }
    const { aws, azure } = storage.store('docs');
    expect(aws!.resourceId).toBe(aws!.bucketArn);
    expect(aws!.resourceName).toBe(aws!.bucketName);
    expect(azure!.resourceId).toBe(azure!.accountId);
    expect(azure!.resourceName).toBe(azure!.accountName);
  });

  test('grantRead on AWS: a bucket policy statement and a KMS grant, together, on each copy of that store only', () => {
    const { stack, storage, role } = userApp();
    const grant = storage.store('docs').aws!.grantRead({ principalId: role.arn });
    const json = synthJson(stack);
    const roleArn = ref('aws_iam_role', idOf(json, 'aws_iam_role', 'reader-role'), 'arn');
    expect(grant.access).toBe('read');
    expect(grant.resourceIds).toEqual([storage.store('docs').aws!.bucketArn, storage.store('docs').aws!.replicaBucketArn]);

    const kmsGrants = resourcesOf(json, 'aws_kms_grant').map(([, g]) => g);
    expect(kmsGrants).toHaveLength(2);
    for (const [site, keyRegion] of [['primary', 'eu-central-1'], ['replica', 'eu-west-3']] as const) {
      const bucketArn = ref('aws_s3_bucket', idOf(json, 'aws_s3_bucket', `store-docs-aws_${site}_bucket`), 'arn');
      // Bucket policy: the deny statements stay, and one Allow names the role on this bucket and its objects.
      const statements = policyOf(json, `store-docs-aws_${site}_bucket`);
      expect(statements.map((s) => s.Sid)).toEqual(expect.arrayContaining(['DenyInsecureTransport', 'DenyTlsBelow12', 'Grant1Read']));
      const allow = statements.find((s) => s.Sid === 'Grant1Read');
      expect(allow).toEqual({
        Sid: 'Grant1Read', Effect: 'Allow', Principal: { AWS: roleArn },
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:GetBucketLocation'],
        Resource: [bucketArn, `${bucketArn}/*`],
      });
      // KMS grant: that copy's region key, that role, decrypt only, and only for this bucket's encryption context.
      const keyArn = ref('aws_kms_key', idOf(json, 'aws_kms_key', `key-aws-${keyRegion}_key`), 'arn');
      const kms = kmsGrants.filter((g) => g.key_id === keyArn);
      expect(kms).toHaveLength(1);
      expect(kms[0]).toMatchObject({
        grantee_principal: roleArn,
        operations: [...KMS_READ_OPERATIONS],
        constraints: [{ encryption_context_subset: { 'aws:s3:arn': bucketArn } }],
        retire_on_delete: true,
        provider: `aws.${keyRegion}`,
      });
    }
    // The other store is untouched: no grant statement in its policies.
    for (const site of ['primary', 'replica']) {
      expect(policyOf(json, `store-other-aws_${site}_bucket`).filter((s) => String(s.Sid).startsWith('Grant'))).toEqual([]);
    }
  });

  test('grantReadWrite on AWS writes the primary only; the replica (written by replication) stays read-only', () => {
    const { stack, storage, role } = userApp();
    storage.store('docs').aws!.grantReadWrite({ principalId: role.arn });
    const json = synthJson(stack);
    const primary = policyOf(json, 'store-docs-aws_primary_bucket').find((s) => s.Sid === 'Grant1ReadWrite');
    expect(primary.Action).toEqual(expect.arrayContaining(['s3:PutObject', 's3:DeleteObject', 's3:GetObject']));
    expect(primary.Action).not.toContain('s3:DeleteObjectVersion'); // versions (the store's history) stay
    const replica = policyOf(json, 'store-docs-aws_replica_bucket');
    expect(replica.find((s) => s.Sid === 'Grant1Read').Action).not.toContain('s3:PutObject');
    const ops = Object.fromEntries(resourcesOf(json, 'aws_kms_grant').map(([, g]) => [g.provider, g.operations]));
    expect(ops).toEqual({ 'aws.eu-central-1': [...KMS_WRITE_OPERATIONS], 'aws.eu-west-3': [...KMS_READ_OPERATIONS] });
  });

  test('grants on Azure: blob data roles scoped to that store account (writer) and its replica (reader), for that principal', () => {
    const { stack, storage, identity } = userApp();
    const docs = storage.store('docs').azure!;
    const grant = docs.grantReadWrite({ principalId: identity.principalId });
    expect(grant.resourceIds).toEqual([docs.accountId, docs.objectReplicationTargetId]);
    const json = synthJson(stack);
    const principal = ref('azurerm_user_assigned_identity', idOf(json, 'azurerm_user_assigned_identity', 'writer-identity'), 'principal_id');
    const assignments = resourcesOf(json, 'azurerm_role_assignment').map(([, a]) => a).filter((a) => a.principal_id === principal);
    const account = (prefix: string) => ref('azurerm_storage_account', idOf(json, 'azurerm_storage_account', `${prefix}_account`), 'id');
    expect(assignments.map((a) => [a.scope, a.role_definition_name]).sort()).toEqual([
      [account('store-docs-azure'), BLOB_CONTRIBUTOR_ROLE],
      [account('store-docs-azure-replica'), BLOB_READER_ROLE],
    ].sort());
    // Nothing on the other store's accounts.
    const other = [account('store-other-azure'), account('store-other-azure-replica')];
    expect(resourcesOf(json, 'azurerm_role_assignment').filter(([, a]) => other.includes(a.scope) && a.role_definition_name.startsWith('Storage Blob'))).toEqual([]);
  });

  test('a construct with an identity is a Grantee: a store grants read to a SageMaker endpoint (its execution role)', () => {
    const { stack, storage, keys } = userApp();
    const frankfurt = keys.placement.aws[0];
    const model = new AwsSageMakerEndpoint(stack, 'llm', {
      provider: frankfurt.provider, region: frankfurt.region, jurisdiction: EU, name: 'acme-llm',
      image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/tgi:3.0.1', modelDataUrl: 's3://acme-models/llm/model.tar.gz',
      kmsKeyArn: keys.awsKey(frankfurt).keyArn, vpcId: frankfurt.network.vpcId, vpcCidrBlock: frankfurt.network.cidrBlock,
      subnetIds: frankfurt.network.privateSubnetIds, instanceType: 'ml.inf2.xlarge', targetInvocationsPerInstance: 30,
    });
    expect(model.principalId).toBe(model.executionRoleArn);
    storage.store('docs').aws!.grantRead(model);
    const json = synthJson(stack);
    const role = ref('aws_iam_role', idOf(json, 'aws_iam_role', 'llm_execution-role'), 'arn');
    expect(resourcesOf(json, 'aws_kms_grant').map(([, g]) => g.grantee_principal)).toEqual([role, role]);
  });

  test('a grantee that is not an IAM role ARN / not an Entra object id is refused, naming the store', () => {
    const { storage } = userApp();
    expect(() => storage.store('docs').aws!.grantRead({ principalId: 'model-reader' })).toThrow(/store-docs-aws: grantee principalId "model-reader" is not an IAM role ARN/);
    expect(() => storage.store('docs').aws!.grantRead({ principalId: 'arn:aws-us-gov:iam::123456789012:role/x' })).toThrow(/partition aws-us-gov; the store in eu-central-1 is in aws/);
    expect(() => storage.store('docs').azure!.grantRead({ principalId: 'writer' })).toThrow(/store-docs-azure: grantee principalId "writer" is not an Entra object id/);
    expect(() => storage.store('nope')).toThrow(/no store "nope"; stores: docs, other/);
  });
});
