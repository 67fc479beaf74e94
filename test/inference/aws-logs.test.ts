import { findRegion, jurisdiction } from '../../lib/catalog';
import {
  assertLogRetention,
  cloudWatchLogsKeyPolicyStatement,
  LOG_RETENTION_DAYS,
  minimumLogRetentionDays,
} from '../../lib/inference/aws-logs';

describe('log retention', () => {
  test('the allowed values are exactly the PutRetentionPolicy list (0 = never expire is not offered)', () => {
    expect(LOG_RETENTION_DAYS).toEqual([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
  });

  test.each([
    ['IN', jurisdiction('in', { preset: 'IN' }), 180],
    ['EU', jurisdiction('eu', { preset: 'EU' }), 1],
    ['US', jurisdiction('us', { preset: 'US' }), 1],
    ['DE+IN', jurisdiction('mixed', { countries: ['DE', 'IN'] }), 180],
  ])('minimum for %s is %d days', (_name, j, days) => {
    expect(minimumLogRetentionDays(j)).toBe(days);
  });

  test.each(LOG_RETENTION_DAYS.filter((d) => d >= 180))('%d days is accepted in India', (days) => {
    expect(() => assertLogRetention('p', days, 180, { id: 'in' })).not.toThrow();
  });

  test.each([
    [0, 1, 'log retention 0 days is not a value CloudWatch Logs accepts'],
    [2, 1, 'log retention 2 days is not a value'],
    [366, 1, 'log retention 366 days is not a value CloudWatch Logs accepts; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,'],
    [1000, 180, 'use one of 180, 365, 400, 545, 731, 1096'],
    [90, 180, 'log retention 90 days is below the minimum of jurisdiction "in" of 180 days; use one of 180, 365,'],
    [150, 180, 'below the minimum of jurisdiction "in" of 180 days'],
  ])('fails when retention is %d days with a minimum of %d', (days, minimum, message) => {
    expect(() => assertLogRetention('p', days, minimum, { id: 'in' })).toThrow(message);
  });
});

describe('cloudWatchLogsKeyPolicyStatement', () => {
  test('admits CloudWatch Logs of that region for this account\'s log groups, with exact actions', () => {
    const statement = cloudWatchLogsKeyPolicyStatement(findRegion('aws', 'ap-south-1')!, '123456789012');
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'logs.ap-south-1.amazonaws.com' },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-south-1:123456789012:log-group:*' } },
    });
    expect((statement.Action as string[]).some((a) => a.includes('*'))).toBe(false);
  });
});
