/**
 * Secrets never go in a policy: the policy is committed, reviewed, and its values are written into
 * `cdk.tf.json` (e.g. a container `environment` becomes `aws_sagemaker_model.primary_container.environment`).
 * Every string value and every map key of the parsed file is scanned, free-form maps included;
 * a finding names the path and the kind of secret, never the secret.
 *
 * Patterns (reference, not copied): gitleaks `config/gitleaks.toml` (aws-access-token
 * `(A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}`, azure-ad-client-secret `...{3}\dQ~...{31,34}`,
 * as in Checkmarx/2ms engine/rules/azure.go; private-key, jwt, github, huggingface, openai with its
 * `T3BlbkFJ` marker, slack), Microsoft security-utilities SEC101/156 (Entra client secrets `xxx8Q~`
 * + 34); AWS STS GetAccessKeyInfo (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html:
 * AKIA long-term, ASIA temporary access key ids; the example secret key is 40 base64 characters),
 * GitLab secret-detection-rules MR 165 (ABIA bearer tokens, A3T); RFC 6750 §2.1 (Bearer b64token);
 * Azure Storage connection strings (`AccountKey=`, `SharedAccessSignature=`, SAS `sig=`), ADO.NET
 * `Password=`/`Pwd=`, and URL userinfo.
 */
import { quote, type PolicyPath } from './problems';
import type { Finding } from './finding';

const PATTERNS: readonly [RegExp, string][] = [
  [/(?<![A-Z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z0-9])/, 'an AWS access key id'],
  [/(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/, 'an Azure (Entra ID) client secret'],
  [/-----BEGIN[A-Z0-9 _-]*PRIVATE KEY( BLOCK)?-----/, 'a private key'],
  [/\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/i, 'a bearer token'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JSON Web Token'],
  [/(?:^|[;\s])(?:Password|Pwd|AccountKey|SharedAccessKey|SharedAccessSignature)\s*=\s*[^;\s]+/i, 'a connection string with a password or key'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, 'a URL with a password'],
  [/[?&]sig=[A-Za-z0-9%+/=]{16,}/, 'an Azure shared access signature'],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b/, 'a GitHub token'],
  [/\bhf_[A-Za-z0-9]{30,}\b/, 'a Hugging Face token'],
  [/\bsk-[A-Za-z0-9_-]{0,80}T3BlbkFJ[A-Za-z0-9_-]{20,}/, 'an OpenAI API key'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
];

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * An AWS secret access key is 40 characters of base64 (`[A-Za-z0-9/+]`); a run of exactly that,
 * mixing upper case, lower case and digits with random-looking entropy (> 4.2 bits per character:
 * random 40-character base64 averages about 5), is refused. Hex digests (lower case only) and names do not match.
 */
function looksLikeAwsSecretKey(value: string): boolean {
  for (const m of value.matchAll(/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g)) {
    const s = m[0];
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s) && entropy(s) > 4.2) return true;
  }
  return false;
}

/** What secret `value` looks like, or undefined. */
export function secretKind(value: string): string | undefined {
  for (const [re, kind] of PATTERNS) if (re.test(value)) return kind;
  return looksLikeAwsSecretKey(value) ? 'an AWS secret access key' : undefined;
}

/** Words of a key: `AWS_SECRET_ACCESS_KEY`, `clientSecret`, `db-password` → upper-case segments. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

const SECRET_WORDS = new Set(['SECRET', 'SECRETS', 'PASSWORD', 'PASSWD', 'PWD', 'PASSPHRASE', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY']);
/** Pairs of words; `SAS` alone is also a company form (an operator `ovh-sas`), so only `SAS_TOKEN`, `SAS_KEY`. */
const SECRET_PAIRS = new Set(['ACCESS KEY', 'SECRET KEY', 'PRIVATE KEY', 'API KEY', 'ACCOUNT KEY', 'CLIENT SECRET', 'CONNECTION STRING', 'AUTH TOKEN', 'SHARED KEY', 'SAS TOKEN', 'SAS KEY']);

/**
 * Whether a map key names a credential: a word such as SECRET, PASSWORD, TOKEN, CREDENTIALS, or a
 * pair such as ACCESS_KEY, API_KEY. Plural or compound words that are settings stay allowed:
 * `MAX_TOTAL_TOKENS`, `MAX_INPUT_TOKENS` (TGI), `kmsKeyId`.
 */
export function isCredentialKey(key: string): boolean {
  const w = words(key);
  return w.some((x, i) => SECRET_WORDS.has(x) || (i > 0 && SECRET_PAIRS.has(`${w[i - 1]} ${x}`)));
}

const WHERE_CREDENTIALS_GO =
  'credentials never go in the policy file (it is committed and its values are written into cdk.tf.json); the providers read them from the environment (AWS_PROFILE, role assumption, ARM_* variables, Azure CLI login), and a model server reads runtime secrets from AWS Secrets Manager';

/**
 * Every secret in `raw` (the parsed file): values that look like a secret, and values under a key
 * that names a credential. A secret used as a key is reported without the key in the shown path.
 */
export function scanSecrets(raw: unknown): Finding[] {
  const out: Finding[] = [];
  const stack: [unknown, (string | number)[]][] = [[raw, []]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const kind = secretKind(value);
      if (kind) out.push({ severity: 'error', path, message: `this value looks like ${kind} (${[...value].length} characters, not shown): ${WHERE_CREDENTIALS_GO}` });
    } else if (Array.isArray(value)) value.forEach((v, k) => stack.push([v, [...path, k]]));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const kind = secretKind(key);
        if (kind) {
          out.push({ severity: 'error', path: [...path, key], atKey: true, shownPath: [...path, '<key not shown>'], message: `a key here looks like ${kind} (${[...key].length} characters, not shown): ${WHERE_CREDENTIALS_GO}` });
        } else if (isCredentialKey(key) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
          // A scalar under a credential name (an `environment` entry); names of things (operators, answers) hold objects or ids.
          out.push({ severity: 'error', path: [...path, key], atKey: true, message: `${quote(key)} looks like a credential: ${WHERE_CREDENTIALS_GO}` });
        } else stack.push([v, [...path, key]]);
      }
    }
  }
  return out.sort((a, b) => (pathKey(a.path) < pathKey(b.path) ? -1 : 1));
}

function pathKey(p: PolicyPath): string {
  return p.map((x) => (typeof x === 'number' ? String(x).padStart(8, '0') : x)).join('\u0000');
}
