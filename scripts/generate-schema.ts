/**
 * Writes lib/policy/sovereignty-policy.schema.json from the zod schema (`npm run schema`).
 * Policy files point at it with `# yaml-language-server: $schema=...` for completion in editors.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyJsonSchema } from '../lib/policy/json-schema';

const target = join(__dirname, '..', '..', 'lib', 'policy', 'sovereignty-policy.schema.json');
writeFileSync(target, policyJsonSchema());
console.log(`wrote ${target}`);
