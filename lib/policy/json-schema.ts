import { z } from 'zod';
import { PolicySchema } from './schema';

/** The JSON Schema of a policy file, as committed in sovereignty-policy.schema.json. */
export function policyJsonSchema(): string {
  const schema = z.toJSONSchema(PolicySchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://cdktf-sovereign-ai/sovereignty-policy.schema.json', title: 'cdktf-sovereign-ai policy' }, null, 2)}\n`;
}
