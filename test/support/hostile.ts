/**
 * Hostile and malformed policy files, one per class of issue 12 (residency, syntax, structure,
 * resource exhaustion, encoding, injection, secrets, cross-references, message format). Each is
 * built from the shipped India-only policy (valid as written), so exactly one thing is wrong.
 * `synth` marks the files also run through the real `cdktn synth`, one per class (residency: the
 * bad-region policy of test/cli/cli.test.ts goes through `cdktn synth` there).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const INDIA = readFileSync(resolve(__dirname, '..', '..', 'stacks', 'policies', 'india-only.yaml'), 'utf8');

export interface HostileFile {
  readonly name: string;
  /** File name (the extension decides strict JSON). */
  readonly file: string;
  readonly content: () => string | Buffer;
  /** What the one located error line must say. */
  readonly expect: RegExp;
  /** Line and column of the error, where the test pins them. */
  readonly at?: [number, number];
  /** Text that must never appear in any output. */
  readonly secrets?: readonly string[];
  readonly synth?: boolean;
}

/** INDIA with `from` replaced; fails loudly when the fixture no longer contains `from`. */
function edit(from: string, to: string): string {
  if (!INDIA.includes(from)) throw new Error(`fixture edit no longer applies: ${from}`);
  return INDIA.replace(from, to);
}

const ENV = 'SM_NUM_GPUS: "1" }';
const withEnv = (entries: string) => edit(ENV, `SM_NUM_GPUS: "1", ${entries} }`);

/** An alias bomb under the alias-count limit: 8 levels of 6 aliases each expand 10 scalars to 10·6^8 nodes. */
function aliasBomb(): string {
  let text = 'version: 1\nl0: &l0 [a, a, a, a, a, a, a, a, a, a]\n';
  for (let i = 1; i <= 8; i++) text += `l${i}: &l${i} [${Array(6).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
}

const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AZURE_SECRET = 'abc8Q~aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3x';

export const HOSTILE: readonly HostileFile[] = [
  // residency
  { name: 'a region outside the jurisdiction', file: 'residency.yaml', content: () => edit('secondary: ap-south-2', 'secondary: eu-west-1'), expect: /jurisdictions\[0\]\.aws\.secondary: AWS region "eu-west-1" is in Dublin, IE .* outside jurisdiction "in"/, at: [29, 18] },
  // syntax
  { name: 'a .json policy with a trailing comma', file: 'trailing.json', content: () => '{\n  "version": 1,\n  "name": "x",\n}\n', expect: /\(syntax\): malformed JSON: unexpected "}"; a \.json policy is strict JSON/, at: [4, 1], synth: true },
  { name: 'a .json policy with a comment', file: 'comment.json', content: () => '{ "version": 1 // one\n}\n', expect: /malformed JSON: unexpected "\/"/, at: [1, 16] },
  { name: 'an unclosed flow sequence', file: 'unclosed.yaml', content: () => 'version: 1\nname: [unclosed\n', expect: /\(syntax\): malformed YAML\/JSON: / },
  { name: 'two documents in one file', file: 'two.yaml', content: () => `${INDIA}---\n${INDIA}`, expect: /malformed YAML\/JSON: Source contains multiple documents/ },
  { name: 'an empty file', file: 'empty.yaml', content: () => '# nothing\n', expect: /\(root\): the policy file is empty/ },
  // structure and resource exhaustion
  { name: '5,000 nested block sequences', file: 'deep-block.yaml', content: () => `${'- '.repeat(5000)}x\n`, expect: /\(nesting\): collections nested more than 32 levels deep/, at: [1, 65], synth: true },
  { name: '1,400 nested block maps, one indented line each (under 1 MiB)', file: 'deep-map.yaml', content: () => `${Array.from({ length: 1400 }, (_, i) => `${' '.repeat(i)}k:\n`).join('')}${' '.repeat(1400)}x\n`, expect: /\(nesting\): collections nested more than 32 levels deep/, at: [33, 33] },
  { name: '10,000 nested flow brackets', file: 'deep-flow.yaml', content: () => `${'['.repeat(10000)}${']'.repeat(10000)}\n`, expect: /\(nesting\): collections nested more than 32 levels deep/, at: [1, 33] },
  { name: 'an alias bomb (over 10^7 nodes from 400 bytes)', file: 'bomb.yaml', content: aliasBomb, expect: /\(aliases\): aliases expand the policy to \d{8} nodes, over the limit of 50000 \(an alias bomb\?\); this alias \*l7 alone repeats \d+ nodes/, at: [10, 10], synth: true },
  { name: 'more aliases than the limit', file: 'aliases.yaml', content: () => `a: &a x\nb: [${Array(65).fill('*a').join(', ')}]\n`, expect: /\(aliases\): more than 64 aliases/, at: [2, 261] },
  { name: 'an alias cycle', file: 'cycle.yaml', content: () => 'version: 1\nname: &n [a, *n]\n', expect: /\(aliases\): alias \*n refers to a collection that contains it \(a cycle\)/, at: [2, 14] },
  { name: 'a 2 MiB file', file: 'huge.yaml', content: () => `${INDIA}${`# ${'x'.repeat(1000)}\n`.repeat(2100)}`, expect: /\(size\): the policy file is larger than the limit of 1 MiB \(1048576 bytes\)/ },
  { name: 'a 1 MiB list of one-character items (1.5 million tokens)', file: 'tokens.yaml', content: () => `jurisdictions: [${Array(524000).fill('1').join(',')}]\n`, expect: /\(size\): more than 100000 YAML tokens, the limit for a policy file/, at: [1, 66679] },
  { name: 'a map of 1,001 keys', file: 'keys.yaml', content: () => `version: 1\nname: india\nenvironment:\n${Array.from({ length: 1001 }, (_, i) => `  K${i}: v\n`).join('')}`, expect: /\(size\): a map or list of 1001 entries, over the limit of 1000 for one collection/, at: [4, 3] },
  { name: 'more than 20,000 values', file: 'values.yaml', content: () => `${Array.from({ length: 25 }, (_, i) => `k${i}: [${Array(900).fill('1').join(',')}]\n`).join('')}`, expect: /\(size\): more than 20000 values, the limit for a policy file/ },
  { name: 'a YAML tag', file: 'tag.yaml', content: () => edit('name: india-sovereign-ai', 'name: !!binary aW5kaWE='), expect: /\(syntax\): a policy is plain data: the tag !!binary is not allowed/, at: [14, 16] },
  { name: 'a __proto__ key', file: 'proto.yaml', content: () => edit('routing:', '__proto__: { polluted: true }\nrouting:'), expect: /: __proto__: unknown key "__proto__"; allowed keys here: version, engine, name/, at: [18, 1] },
  { name: 'a YAML 1.1 merge key', file: 'merge.yaml', content: () => `%YAML 1.1\n---\n${edit('routing:', '<<: { polluted: true }\nrouting:')}`, expect: /: \["<<"\]: unknown key "<<"/ },
  // encoding and characters
  { name: 'invalid UTF-8', file: 'utf8.yaml', content: () => Buffer.concat([Buffer.from('version: 1\nname: india'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]), expect: /\(text\): invalid UTF-8: byte 0xc3 at byte offset 22 is not part of a valid UTF-8 sequence/, at: [2, 12], synth: true },
  { name: 'a raw control character', file: 'bell.yaml', content: () => edit('name: india-sovereign-ai', 'name: india\u0007sovereign'), expect: /\(text\): a control character \(U\+0007\) is not allowed in a policy file/, at: [14, 12] },
  { name: 'a bidirectional override in a comment', file: 'bidi.yaml', content: () => edit('# Mumbai', '# Mumbai \u202e ignore'), expect: /\(text\): a bidirectional override \(U\+202E\) is not allowed/ },
  { name: 'a control character written as an escape', file: 'escape.yaml', content: () => edit('name: india-sovereign-ai', 'name: "india\\u0007sovereign"'), expect: /name: "india\\u\{0007\}sovereign" contains a control character or bidirectional override/ },
  // message format
  { name: 'a value with a raw newline', file: 'newline.yaml', content: () => edit('name: india-sovereign-ai', 'name: "india\\nsovereign"'), expect: /name: "india\\nsovereign" must be 3-40 lower-case letters/, at: [14, 7], synth: true },
  { name: 'a 100,000-character value', file: 'long.yaml', content: () => edit('name: india-sovereign-ai', `name: ${'x'.repeat(100000)}`), expect: /name: "x{80}…" \(100000 characters, cut\) must be 3-40/ },
  { name: 'a 100,000-character value echoed by a catalog message', file: 'model.yaml', content: () => edit('model: gpt-5.1', `model: "gpt-5.1${'y'.repeat(100000)}\\n"`), expect: /deployments\[0\]: .*… \(message of \d+ characters, cut\)$/ },
  { name: '1e400', file: 'overflow.yaml', content: () => edit('capacity: 50', 'capacity: 1e400'), expect: /capacity: expected number, got a number too large to represent \(read as Infinity\)/ },
  // secrets and injection
  { name: 'an AWS access key id inside a container environment value', file: 'secret-value.yaml', content: () => withEnv(`OPTS: "--key ${AWS_KEY_ID}"`), expect: /environment\.OPTS: this value looks like an AWS access key id \(26 characters, not shown\): credentials never go in the policy file/, secrets: [AWS_KEY_ID], synth: true },
  { name: 'an AWS secret key under a credential name', file: 'secret-key.yaml', content: () => withEnv(`AWS_SECRET_ACCESS_KEY: ${AWS_SECRET}`), expect: /environment\.AWS_SECRET_ACCESS_KEY: "AWS_SECRET_ACCESS_KEY" looks like a credential/, secrets: [AWS_SECRET] },
  { name: 'an AWS secret key alone', file: 'secret-bare.yaml', content: () => withEnv(`CONF: "${AWS_SECRET}"`), expect: /environment\.CONF: this value looks like an AWS secret access key/, secrets: [AWS_SECRET] },
  { name: 'an Azure client secret in an operator description', file: 'azure-secret.yaml', content: () => edit('routing:', `operators:\n  natcloud-in: { country: IN, description: "${AZURE_SECRET}" }\nrouting:`), expect: /operators\.natcloud-in\.description: this value looks like an Azure \(Entra ID\) client secret/, secrets: [AZURE_SECRET] },
  { name: 'a private key in a block scalar', file: 'private-key.yaml', content: () => edit('routing:', 'operators:\n  natcloud-in:\n    country: IN\n    description: |\n      -----BEGIN RSA PRIVATE KEY-----\n      MIIEowIBAAKCAQEA\nrouting:'), expect: /operators\.natcloud-in\.description: this value looks like a private key/, secrets: ['MIIEowIBAAKCAQEA'] },
  { name: 'a connection string with a password', file: 'connection.yaml', content: () => withEnv('DB: "Server=db;User Id=sa;Password=hunter2;"'), expect: /environment\.DB: this value looks like a connection string with a password or key/, secrets: ['hunter2'] },
  { name: 'a bearer token', file: 'bearer.yaml', content: () => withEnv('AUTH_HEADER: "Bearer abcdefghijklmnopqrstuvwxyz012345"'), expect: /environment\.AUTH_HEADER: this value looks like a bearer token/, secrets: ['abcdefghijklmnopqrstuvwxyz012345'] },
  { name: 'a Hugging Face token', file: 'hf.yaml', content: () => withEnv('HF_TOKEN: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'), expect: /environment\.HF_TOKEN: "HF_TOKEN" looks like a credential/, secrets: ['hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789'] },
  { name: 'Terraform template syntax', file: 'template.yaml', content: () => withEnv('X: "${file(\\"/etc/passwd\\")}"'), expect: /environment\.X: "\$\{file\("\/etc\/passwd"\)\}" contains Terraform template syntax/ },
  // cross-references
  { name: 'a drill naming a gateway that does not exist', file: 'drill.yaml', content: () => edit('    survives:', '    failover:\n      drill: { fail: [aws-ap-south-9] }\n    survives:'), expect: /jurisdictions\[0\]\.failover\.drill\.fail\[0\]: "aws-ap-south-9" is neither an endpoint of jurisdiction "in"'s failover chain \(aws-ap-south-1, azure-southindia\) nor a position in it/, at: [54, 23], synth: true },
  { name: 'a drill failing every endpoint', file: 'drill-all.yaml', content: () => edit('    survives:', '    failover:\n      drill: { fail: [primary, azure-southindia] }\n    survives:'), expect: /failover\.drill\.fail: the drill fails every endpoint of jurisdiction "in"'s chain/ },
  { name: 'an endpoint named like a drill position', file: 'position.yaml', content: () => edit('    survives:', '    failover:\n      external: [{ name: primary, hostname: ai.natcloud.example.in, operator: aws, country: IN }]\n    survives:'), expect: /failover\.external\[0\]\.name: "primary" is reserved for drill positions/ },
  { name: 'a failover endpoint behind a private endpoint name', file: 'private.yaml', content: () => edit('    survives:', '    failover:\n      external: [{ name: natcloud, hostname: ai.privatelink.example.in, operator: aws, country: IN }]\n    survives:'), expect: /failover\.external\[0\]\.hostname: "ai\.privatelink\.example\.in" is a private endpoint name/, at: [54, 46] },
  { name: 'a model store that does not exist', file: 'store.yaml', content: () => edit('store: models', 'store: nosuch'), expect: /selfHosted\.modelData\.store: "nosuch" is not a data store of jurisdiction "in"/ },
  { name: 'DNS answers for an unknown jurisdiction', file: 'answers.yaml', content: () => edit('  state:\n    aws: { bucket: india-sovereign-ai-routing', '  external: [{ name: natdns, operator: aws, answers: { xx: natcloud } }]\n  state:\n    aws: { bucket: india-sovereign-ai-routing'), expect: /dns\.external\[0\]\.answers\.xx: "xx" is not a jurisdiction id; allowed: in/ },
];
