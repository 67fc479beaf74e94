/** The README's "Sovereignty checks" section documents every rule (id, level, what it checks) and every project suppression. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES, PROJECT_SUPPRESSIONS } from '../../lib/checks';

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Sovereignty checks'));

test('the section exists and counts the rules', () => {
  expect(section.startsWith('## Sovereignty checks')).toBe(true);
  expect(section).toContain(`${ALL_RULES.length} rules`);
});

test.each(ALL_RULES.map((r) => [r.id, r]))('%s has its row: level and description', (_, rule) => {
  expect(section).toContain(`| ${rule.id} | ${rule.level} | ${rule.description} |`);
});

test.each(PROJECT_SUPPRESSIONS.map((s) => [s.ruleId, s.reason]))('the project suppression of %s is listed with its reason', (id, reason) => {
  expect(section).toMatch(new RegExp(`\\| ${id} \\| [^|]+ \\| ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|`));
});
