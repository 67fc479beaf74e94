import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyJsonSchema } from '../../lib/policy/json-schema';

test('the committed JSON Schema matches the zod schema (run `npm run schema` after changing it)', () => {
  const committed = readFileSync(join(__dirname, '../../lib/policy/sovereignty-policy.schema.json'), 'utf8');
  expect(committed).toBe(policyJsonSchema());
});

test('the JSON Schema refuses unknown keys and lists region codes for completion', () => {
  const schema = JSON.parse(policyJsonSchema());
  expect(schema.additionalProperties).toBe(false);
  const jurisdiction = schema.properties.jurisdictions.items;
  expect(jurisdiction.additionalProperties).toBe(false);
  expect(jurisdiction.properties.aws.properties.primary.enum).toContain('eu-central-1');
  expect(jurisdiction.properties.azure.properties.primary.enum).toContain('centralindia');
  expect(jurisdiction.required).toEqual(expect.arrayContaining(['id', 'state']));
});
