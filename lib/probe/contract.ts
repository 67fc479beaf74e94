/**
 * The client contract every tier of a chain must honour (DESIGN.md, "One contract per chain"),
 * checked from the client's side at one address under one dialled name:
 *   1. `GET /health` answers 200 without a credential (the only unauthenticated route);
 *   2. `GET /v1/models` without a credential is refused (401 or 403): no anonymous path to a model;
 *   3. `GET /v1/models` with the credential answers 200 and lists the model the client names;
 *   4. `POST /v1/chat/completions` with the credential and `max_tokens: 1` answers 200 with a choice.
 * TLS is checked on every request: the certificate must be trusted and cover the dialled name.
 */
import { send, type ProbeRequest } from './http';

export interface ContractTarget {
  readonly address: string;
  readonly port: number;
  readonly servername: string;
}

export interface ContractSettings {
  readonly credential?: string;
  readonly model: string;
  readonly ca?: readonly string[];
  readonly timeoutMs: number;
}

export interface ContractResult {
  readonly ok: boolean;
  /** `serves the contract` or the first broken step and why. */
  readonly detail: string;
  /** Wall time of the one-token chat completion, when it answered. */
  readonly chatMs?: number;
}

function modelIds(json: any): string[] | undefined {
  return Array.isArray(json?.data) ? json.data.map((m: any) => String(m?.id)) : undefined;
}

export async function checkContract(t: ContractTarget, s: ContractSettings): Promise<ContractResult> {
  const base: Omit<ProbeRequest, 'method' | 'path'> = { ...t, ca: s.ca, timeoutMs: s.timeoutMs };
  const fail = (detail: string): ContractResult => ({ ok: false, detail });

  const health = await send({ ...base, method: 'GET', path: '/health' });
  if (health.error) return fail(health.error);
  if (health.status !== 200) return fail(`/health answered ${health.status} (the model behind it is not serving)`);

  const anonymous = await send({ ...base, method: 'GET', path: '/v1/models' });
  if (anonymous.error) return fail(`/v1/models: ${anonymous.error}`);
  if (anonymous.status !== 401 && anonymous.status !== 403) return fail(`/v1/models answered ${anonymous.status} without a credential (expected 401 or 403)`);

  if (!s.credential) return fail('no credential given (--credential env:NAME or file:PATH): the authenticated routes were not checked');
  const models = await send({ ...base, method: 'GET', path: '/v1/models', bearer: s.credential });
  if (models.error) return fail(`/v1/models: ${models.error}`);
  if (models.status !== 200) return fail(`/v1/models answered ${models.status} with the credential`);
  const ids = modelIds(models.json);
  if (!ids) return fail('/v1/models did not answer an OpenAI model list ({"data": [{"id": ...}]})');
  if (!ids.includes(s.model)) return fail(`/v1/models does not list model "${s.model}" (lists: ${ids.join(', ') || 'none'})`);

  const chat = await send({
    ...base,
    method: 'POST',
    path: '/v1/chat/completions',
    bearer: s.credential,
    body: { model: s.model, messages: [{ role: 'user', content: 'Answer with one word: ping' }], max_tokens: 1 },
  });
  if (chat.error) return fail(`/v1/chat/completions: ${chat.error}`);
  if (chat.status !== 200) return fail(`/v1/chat/completions answered ${chat.status}`);
  if (!Array.isArray(chat.json?.choices) || chat.json.choices.length === 0) return fail('/v1/chat/completions answered no choices');
  return { ok: true, detail: 'serves the contract', chatMs: chat.ms };
}
