/**
 * One RegionalInferenceGateway in a stack of its own, synthesized, and lookups on its JSON: shared by
 * the gateway tests (test/inference/aws-gateway*.test.ts).
 */
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { RegionalInferenceGateway, type RegionalInferenceGatewayProps } from '../../lib/inference/aws-gateway';
import { resourcesOf, synthJson, type SynthJson } from './synth';

export const EU = jurisdiction('eu', { preset: 'EU' });
export const SM_ARN = 'arn:aws:sagemaker:eu-central-1:123456789012:endpoint/llama-3-8b';
export const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/1111';

export function buildGateway(overrides: Partial<RegionalInferenceGatewayProps> = {}, regionCode = 'eu-central-1', j: Jurisdiction = EU) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'aws', { region: regionCode, alias: regionCode });
  const gateway = new RegionalInferenceGateway(stack, 'gateway', {
    provider,
    region: findRegion('aws', regionCode)!,
    jurisdiction: j,
    domain: 'ai.example.com',
    hostedZoneId: 'Z0JURISDICTION',
    sagemakerEndpointName: 'llama-3-8b',
    sagemakerEndpointArn: SM_ARN,
    kmsKeyArn: KEY,
    ...overrides,
  });
  return { gateway, json: synthJson(stack) };
}

/** Every resource of `type`, its attributes. */
export const all = (json: SynthJson, type: string) => resourcesOf(json, type).map(([, r]) => r);

/** The one resource of `type` that `where` selects (fails the test unless exactly one). */
export const one = (json: SynthJson, type: string, where: (r: any) => boolean = () => true) => {
  const found = all(json, type).filter(where);
  expect(found).toHaveLength(1);
  return found[0];
};
