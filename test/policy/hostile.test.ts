/**
 * Hostile and malformed policies through the one loading path (lib/policy loadPolicy): every class
 * of the issue gets exactly one located error that names what is wrong and what is allowed, never a
 * throw, never the secret, never more than one line. test/hostile-cli.test.ts runs the same classes
 * through the real CLI and the real `cdktn synth`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAILOVER_POSITIONS } from '../../lib/dns/chain';
import { POLICY_LIMITS, firstInvalidUtf8, formatProblem, isCredentialKey, loadPolicy, loadPolicyFile, secretKind, type PolicyProblem } from '../../lib/policy';
import { DRILL_POSITIONS } from '../../lib/policy/validate-cutoff';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { HOSTILE, INDIA } from '../support/hostile';

const ROOT = resolve(__dirname, '..', '..');

function errorsOf(source: string | Uint8Array, file = 'hostile.yaml'): PolicyProblem[] {
  return loadPolicy(source, file).problems.filter((p) => p.severity === 'error');
}

describe('each hostile file: one located error, the expected one', () => {
  test.each(HOSTILE.map((h) => [h.name, h] as const))('%s', (_name, h) => {
    const errors = errorsOf(h.content(), h.file);
    expect(errors).toHaveLength(1);
    const line = formatProblem(errors[0]);
    expect(line).toMatch(new RegExp(`^${h.file.replace('.', '\\.')}:\\d+:\\d+: error: `));
    expect(line).toMatch(h.expect);
    expect(line).not.toMatch(/[\n\r\u0000-\u001f]/);
    expect(line.length).toBeLessThan(2200); // MAX_MESSAGE_CHARS and the location
    for (const secret of h.secrets ?? []) expect(line).not.toContain(secret);
    if (h.at) expect([errors[0].line, errors[0].column]).toEqual(h.at);
  });
});

describe('secrets', () => {
  test.each([
    ['AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['ASIAY34FZKBOKMUTVV7A', 'an AWS access key id'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'an AWS secret access key'],
    ['abc8Q~aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3x', 'an Azure (Entra ID) client secret'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'a private key'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9abcdefgh', 'a bearer token'],
    ['DefaultEndpointsProtocol=https;AccountName=x;AccountKey=bm90IGEgcmVhbCBrZXk=;EndpointSuffix=core.windows.net', 'a connection string with a password or key'],
    ['Server=db;Database=x;User Id=sa;Password=hunter2;', 'a connection string with a password or key'],
    ['postgres://admin:s3cret@db.example.in:5432/app', 'a URL with a password'],
    ['https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrStUvWxYz%2F0123', 'an Azure shared access signature'],
    ['hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'a Hugging Face token'],
    ['sk-proj-abcdefghijklmnopqrstT3BlbkFJabcdefghijklmnopqrst', 'an OpenAI API key'],
  ])('%s is %s', (value, kind) => {
    expect(secretKind(value)).toBe(kind);
  });

  test.each([
    '763104351884.dkr.ecr.{region}.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0',
    '123456789012.dkr.ecr.eu-central-1.amazonaws.com/llm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'arn:aws:iam::123456789012:role/OrganizationAccountAccessRole',
    'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    '/opt/ml/model',
    'amazon.nova-pro-v1:0',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4', // a 40-character hex digest: lower case only
    'sk-national-ai-cloud-gateway-primary', // an endpoint name for Slovakia
  ])('%s is not a secret', (value) => {
    expect(secretKind(value)).toBeUndefined();
  });

  test.each([
    ['AWS_SECRET_ACCESS_KEY', true],
    ['HF_TOKEN', true],
    ['HUGGING_FACE_HUB_TOKEN', true],
    ['clientSecret', true],
    ['DB_PASSWORD', true],
    ['AZURE_STORAGE_CONNECTION_STRING', true],
    ['MAX_TOTAL_TOKENS', false],
    ['MAX_INPUT_TOKENS', false],
    ['HF_MODEL_ID', false],
    ['SM_NUM_GPUS', false],
    ['kmsKeyId', false],
    ['ovh-sas', false],
    ['AZURE_STORAGE_SAS_TOKEN', true],
  ])('key %s names a credential: %s', (key, expected) => {
    expect(isCredentialKey(key)).toBe(expected);
  });

  test('the shipped policies and the embedded default contain no secret and load', () => {
    expect(errorsOf(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE)).toEqual([]);
    for (const f of readdirSync(join(ROOT, 'stacks/policies'))) expect(errorsOf(readFileSync(join(ROOT, 'stacks/policies', f)), f)).toEqual([]);
  });

  test('every secret of a file is reported, each at its own place, none echoed', () => {
    const text = INDIA.replace(
      'SM_NUM_GPUS: "1" }',
      'SM_NUM_GPUS: "1", OPTS: "--key AKIAIOSFODNN7EXAMPLE", CONF: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }',
    );
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['jurisdictions[0].inference.selfHosted.environment.CONF', 48],
      ['jurisdictions[0].inference.selfHosted.environment.OPTS', 48],
    ]);
    expect(errors.map(formatProblem).join('\n')).not.toMatch(/AKIA|wJalr/);
  });

  test('a secret used as a map key is reported without the key in the path', () => {
    const [e] = errorsOf(INDIA.replace('SM_NUM_GPUS: "1" }', 'SM_NUM_GPUS: "1", AKIAIOSFODNN7EXAMPLE: x }'));
    expect(e.path).toBe('jurisdictions[0].inference.selfHosted.environment["<key not shown>"]');
    expect(formatProblem(e)).not.toContain('AKIA');
  });
});

describe('limits and encodings', () => {
  test('the limits are the documented ones', () => {
    expect(POLICY_LIMITS).toEqual({ maxBytes: 1048576, maxDepth: 32, maxNodes: 20000, maxTokens: 100000, maxItems: 1000, maxAliases: 64, maxExpandedNodes: 50000 });
  });

  test('nesting at the limit loads as far as the schema; one level more is refused', () => {
    const nested = (n: number) => `version: 1\nx: ${'['.repeat(n - 1)}${']'.repeat(n - 1)}\n`;
    expect(errorsOf(nested(POLICY_LIMITS.maxDepth)).map((e) => e.path)).not.toContain('(nesting)');
    expect(errorsOf(nested(POLICY_LIMITS.maxDepth + 1)).map((e) => e.path)).toEqual(['(nesting)']);
  });

  test('a UTF-8 validator that agrees with the WHATWG decoder on every 1- and 2-byte input and on edge sequences', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        decoder.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    const samples: number[][] = [];
    for (let a = 0; a < 256; a++) {
      samples.push([a]);
      for (let b = 0x70; b < 0xc8; b++) samples.push([a, b]);
    }
    samples.push([0xe0, 0x9f, 0x80], [0xe0, 0xa0, 0x80], [0xed, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xf0, 0x8f, 0x80, 0x80], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xe2, 0x82, 0xac]);
    for (const s of samples) expect([s, firstInvalidUtf8(Uint8Array.from(s)) < 0]).toEqual([s, valid(Uint8Array.from(s))]);
  });

  test('a directory and a device are refused as not a regular file', () => {
    expect(loadPolicyFile(tmpdir(), 'dir').problems.map(formatProblem)).toEqual(['dir: error: (file): not a regular file (a directory); give the path of a .yaml or .json policy file']);
    expect(loadPolicyFile('/dev/zero', 'zero').problems.map(formatProblem)).toEqual(['zero: error: (file): not a regular file (a device, pipe or socket); give the path of a .yaml or .json policy file']);
  });

  const fifo = join(mkdtempSync(join(tmpdir(), 'fifo-')), 'policy.yaml');
  const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
  if (!hasFifo) console.log('skipped: the named-pipe test needs mkfifo, which is not on this machine');
  (hasFifo ? test : test.skip)('a named pipe with no writer is refused at once, not waited on', () => {
    expect(loadPolicyFile(fifo, 'pipe').problems.map(formatProblem)).toEqual(['pipe: error: (file): not a regular file (a device, pipe or socket); give the path of a .yaml or .json policy file']);
  });

  test('a UTF-8 byte order mark is accepted; UTF-16 is refused at 1:1', () => {
    expect(errorsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(INDIA)]))).toEqual([]);
    const [e] = errorsOf(Buffer.from(`\ufeff${INDIA}`, 'utf16le'));
    expect(formatProblem(e)).toMatch(/^hostile\.yaml:1:1: error: \(file\): the policy file is UTF-16/);
  });

  test('an operator named like an Object.prototype property is an ordinary operator', () => {
    const text = INDIA.replace('routing:', 'operators:\n  constructor: { country: IN }\n  tostring: { country: IN }\nrouting:');
    expect(errorsOf(text)).toEqual([]);
  });

  test("the policy's drill position words are the DNS constructs' own", () => {
    expect(DRILL_POSITIONS).toEqual(FAILOVER_POSITIONS);
  });
});
