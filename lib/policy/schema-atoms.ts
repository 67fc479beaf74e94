/**
 * The value types the policy schema's sections share (region codes from the catalog, country codes,
 * ids, host and operator names, account ids, role ARNs, GUIDs): one definition each, used by
 * schema.ts, schema-state.ts and schema-sovereign.ts.
 */
import { z } from 'zod';
import { COUNTRY_CODES, regionsOf } from '../catalog';

export const awsRegionCodes = regionsOf('aws').map((r) => r.code) as [string, ...string[]];
export const azureRegionCodes = regionsOf('azure').map((r) => r.code) as [string, ...string[]];
export const countryCodes = [...COUNTRY_CODES].sort() as [string, ...string[]];

export const id = z
  .string()
  .regex(/^[a-z][a-z0-9]{0,9}$/, 'must be 1-10 lower-case letters or digits, starting with a letter (it becomes part of stack, DNS and resource names)')
  .describe('Lower-case id: stack `sovereign-<id>`, DNS label `<id>.<domain>`.');

export const awsRegion = z.enum(awsRegionCodes).describe('An AWS region code from the catalog.');
export const azureRegion = z.enum(azureRegionCodes).describe('An Azure region name from the catalog.');
export const country = z.enum(countryCodes).describe('ISO 3166-1 alpha-2 country code (GB for the United Kingdom).');

export const awsAccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
export const iamRoleArn = z
  .string()
  .regex(/^arn:aws(-us-gov|-eusc)?:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, 'must be an IAM role ARN: arn:<partition>:iam::<12-digit account>:role/<name>');
export const uuid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID such as 00000000-0000-0000-0000-000000000000');

export const hostname = z
  .string()
  .regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS host name such as gw.example.org');

export const operatorName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case name such as aws, azure, ovh');
