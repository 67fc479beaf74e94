/**
 * Model lifecycle: when a managed model version stops being deployable (deprecated) and stops
 * answering at all (retired). A deployment of a retired Azure OpenAI model "always returns error
 * responses"; a deprecated one is "no longer available for new customers" (Microsoft Learn,
 * model-retirements). Dates are facts with a source and a reading date, so a policy can be checked
 * against them on the day it is synthesized.
 *
 * Sources:
 * - Azure OpenAI: MicrosoftDocs/azure-ai-docs
 *   `articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md@00bb5540`
 *   (ms.date 07/07/2026; page https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirement-schedule,
 *   ms.date 08/26/2026), read 2026-11-29. The page gives a lifecycle stage and a retirement date per
 *   version, no deprecation date: `Deprecated` rows are recorded with the page date as the day they
 *   were seen deprecated. Only chat, reasoning and embedding models the offer matrix records are listed.
 * - Amazon Bedrock: https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html
 *   (Active / Legacy / EOL); see BEDROCK_MODEL_LIFECYCLE below for what is recorded.
 */

export type LifecycleStage = 'GA' | 'Preview' | 'Deprecated' | 'Retired';

export interface LifecycleSource {
  /** Repository path or URL of the table. */
  readonly source: string;
  /** Date the source carries (ms.date or "last updated"). */
  readonly sourceDate: string;
  /** Date we read it. */
  readonly readOn: string;
}

export interface ModelLifecycle {
  readonly model: string;
  readonly version: string;
  /** Stage the source gave on `sourceDate`. */
  readonly stage: LifecycleStage;
  /** YYYY-MM-DD on which deployments start returning errors. */
  readonly retiresOn: string;
  /** Suggested replacement, as the source names it. */
  readonly replacement?: string;
}

export const AZURE_OPENAI_LIFECYCLE_SOURCE: LifecycleSource = Object.freeze({
  source: 'MicrosoftDocs/azure-ai-docs articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md@00bb5540',
  sourceDate: '2026-07-07',
  readOn: '2026-11-29',
});

// model | version | stage on 2026-07-07 | retirement date | replacement
const AZURE_ROWS = `
gpt-4.1 2025-04-14 Deprecated 2026-10-14
gpt-4.1-mini 2025-04-14 Deprecated 2026-10-14
gpt-4.1-nano 2025-04-14 Deprecated 2026-10-14
gpt-4o 2024-05-13 Deprecated 2026-10-01 gpt-5.1
gpt-4o 2024-08-06 Deprecated 2026-10-01 gpt-5.1
gpt-4o 2024-11-20 Deprecated 2026-10-01 gpt-5.1
gpt-4o-mini 2024-07-18 Deprecated 2026-10-01 gpt-4.1-mini
gpt-5 2025-08-07 GA 2027-02-06
gpt-5-mini 2025-08-07 GA 2027-02-06
gpt-5-nano 2025-08-07 GA 2027-02-06
gpt-5.1 2025-11-13 GA 2027-05-15
gpt-5.2 2025-12-11 GA 2026-12-12
gpt-5.4 2026-03-05 GA 2027-03-05
o1 2024-12-17 Deprecated 2026-09-16
o3 2025-04-16 GA 2026-10-16
o3-mini 2025-01-31 Deprecated 2026-10-01 o4-mini
o4-mini 2025-04-16 Deprecated 2026-10-16
text-embedding-3-large 1 GA 2027-04-15
text-embedding-3-small 1 GA 2027-04-15
text-embedding-ada-002 2 GA 2027-04-15
whisper 001 GA 2026-12-15
`;

function parseRows(rows: string): ModelLifecycle[] {
  return rows
    .trim()
    .split('\n')
    .map((line) => {
      const [model, version, stage, retiresOn, replacement] = line.trim().split(/\s+/);
      return Object.freeze({ model, version, stage: stage as LifecycleStage, retiresOn, replacement });
    });
}

/** Azure OpenAI model versions with their lifecycle, from the dated source above. */
export const AZURE_OPENAI_LIFECYCLE: readonly ModelLifecycle[] = Object.freeze(parseRows(AZURE_ROWS));

/**
 * What a model version is on a given day:
 * - `retired`: on or after its retirement date (deployments return errors): refuse.
 * - `deprecated`: the source marks it Deprecated (no new customers), or it retires within
 *   `RETIRING_SOON_DAYS` days: warn, and never pick it by default.
 * - `current`: GA (or Preview) and retiring later than that.
 * - `unknown`: not in the table: warn (check the source before deploying).
 */
export type LifecycleStatus = 'current' | 'deprecated' | 'retired' | 'unknown';

/** A version retiring within this many days is treated as deprecated: a first deploy would soon stop answering. */
export const RETIRING_SOON_DAYS = 90;

export interface LifecycleVerdict {
  readonly status: LifecycleStatus;
  readonly entry?: ModelLifecycle;
  /** Days from `asOf` to the retirement date (negative once retired). */
  readonly daysLeft?: number;
  /** One sentence for an error or warning: what, when, source. */
  readonly explanation: string;
}

const DAY = 86_400_000;

/** The UTC calendar day of `asOf` as YYYY-MM-DD. */
export function isoDay(asOf: Date): string {
  return asOf.toISOString().slice(0, 10);
}

function verdict(table: readonly ModelLifecycle[], src: LifecycleSource, model: string, version: string, asOf: Date): LifecycleVerdict {
  const entry = table.find((e) => e.model === model && e.version === version);
  const cite = `(${src.source}, dated ${src.sourceDate})`;
  if (!entry) {
    return { status: 'unknown', explanation: `${model} ${version} is not in the model lifecycle table ${cite}; check its retirement date before deploying` };
  }
  const daysLeft = Math.floor((Date.parse(`${entry.retiresOn}T00:00:00Z`) - Date.parse(`${isoDay(asOf)}T00:00:00Z`)) / DAY);
  const instead = entry.replacement ? `; suggested replacement: ${entry.replacement}` : '';
  if (daysLeft <= 0) {
    return { status: 'retired', entry, daysLeft, explanation: `${model} ${version} was retired on ${entry.retiresOn} and its deployments return errors ${cite}${instead}` };
  }
  if (entry.stage === 'Deprecated' || entry.stage === 'Retired') {
    return { status: 'deprecated', entry, daysLeft, explanation: `${model} ${version} is deprecated (no new customers) and retires on ${entry.retiresOn}, in ${daysLeft} days ${cite}${instead}` };
  }
  if (daysLeft <= RETIRING_SOON_DAYS) {
    return { status: 'deprecated', entry, daysLeft, explanation: `${model} ${version} retires on ${entry.retiresOn}, in ${daysLeft} days (under ${RETIRING_SOON_DAYS}) ${cite}${instead}` };
  }
  return { status: 'current', entry, daysLeft, explanation: `${model} ${version} is ${entry.stage} until ${entry.retiresOn} ${cite}` };
}

/** Lifecycle of an Azure OpenAI model version on `asOf` (default: now). */
export function azureOpenAiLifecycle(model: string, version: string, asOf: Date = new Date()): LifecycleVerdict {
  return verdict(AZURE_OPENAI_LIFECYCLE, AZURE_OPENAI_LIFECYCLE_SOURCE, model, version, asOf);
}

export const BEDROCK_LIFECYCLE_SOURCE: LifecycleSource = Object.freeze({
  source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html',
  sourceDate: 'unverified',
  readOn: '2026-11-29',
});

/**
 * Bedrock model ids the project names (README, examples, tests); the catalog itself names none.
 * The lifecycle page promises only "at least 12 months" on Bedrock after launch and lists Legacy
 * models with EOL dates. Its current table could not be read on 2026-11-29 (no network here), so
 * no stage is claimed: every Bedrock id gets an `unknown` verdict, a visible warning to check the
 * model's `modelLifecycle` (GetFoundationModel) before deploying. Fill `stage`/`endOfLife` from
 * the page to turn warnings into refusals.
 */
export const BEDROCK_MODEL_LIFECYCLE: readonly { readonly modelId: string; readonly stage?: 'Active' | 'Legacy'; readonly endOfLife?: string }[] = Object.freeze([
  { modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0' },
  { modelId: 'amazon.nova-pro-v1:0' },
  { modelId: 'amazon.nova-lite-v1:0' },
]);

/** Lifecycle of a Bedrock model id (geography prefix ignored) on `asOf`. */
export function bedrockLifecycle(modelId: string, asOf: Date = new Date()): LifecycleVerdict {
  const bare = modelId.replace(/^(us-gov|us|eu|apac|jp|au|global)\./, '');
  const row = BEDROCK_MODEL_LIFECYCLE.find((m) => m.modelId === bare);
  const cite = `(${BEDROCK_LIFECYCLE_SOURCE.source}, read ${BEDROCK_LIFECYCLE_SOURCE.readOn})`;
  if (!row || !row.stage) return { status: 'unknown', explanation: `Bedrock model ${bare} has no verified lifecycle stage ${cite}; check its modelLifecycle (GetFoundationModel) is ACTIVE before deploying` };
  if (row.endOfLife && Date.parse(`${row.endOfLife}T00:00:00Z`) <= Date.parse(`${isoDay(asOf)}T00:00:00Z`)) {
    return { status: 'retired', explanation: `Bedrock model ${bare} reached end of life on ${row.endOfLife} ${cite}` };
  }
  if (row.stage === 'Legacy') return { status: 'deprecated', explanation: `Bedrock model ${bare} is Legacy${row.endOfLife ? ` until ${row.endOfLife}` : ''} ${cite}` };
  return { status: 'current', explanation: `Bedrock model ${bare} is Active ${cite}` };
}
