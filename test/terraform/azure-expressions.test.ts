/**
 * Terraform expressions the Azure constructs write, run by the real terraform CLI (no provider needed:
 * `terraform_data` is built in): the key expiry computed at apply and kept afterwards, and the
 * postconditions that refuse a missing-name or expired gateway certificate. The azurerm provider is not
 * on this machine; the attribute shapes mimicked here are those of azurerm v4.73.0
 * `internal/services/keyvault/key_vault_certificate_data_source.go` (expires: RFC 3339;
 * certificate_policy[0].x509_certificate_properties[0].{subject, subject_alternative_names[0].dns_names}).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { Testing, TerraformStack } from 'cdktn';
import { findRegion, jurisdiction } from '../../lib/catalog';
import { gatewayCertificateConditions } from '../../lib/inference';
import { CustomerManagedKey, JurisdictionKeyVault } from '../../lib/storage';
import { resourcesOf, synthJson } from '../support/synth';

const which = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const terraform = which.status === 0;
if (!terraform) console.log(`skipped: terraform is not on the PATH (${which.error?.message ?? which.stderr}); the expression tests need it`);
const tfTest = terraform ? test : test.skip;

/** Runs terraform in `dir` with no CLI config (no provider is installed: only built-ins are used). */
function tf(dir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  delete env.TF_CLI_CONFIG_FILE;
  return spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
}

function workspace(config: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'tf-expr-'));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
  const init = tf(dir, 'init', '-input=false', '-no-color');
  expect(init.stderr).toBe('');
  return dir;
}

describe('key expiry: computed at the first apply, kept afterwards', () => {
  const stack = new TerraformStack(Testing.app(), 'kv');
  const provider = new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const vault = new JurisdictionKeyVault(stack, 'kv', {
    provider,
    jurisdiction: jurisdiction('eu', { preset: 'EU' }),
    region: findRegion('azure', 'swedencentral')!,
    namespace: 'acme',
    resourceGroupName: 'rg',
    privateEndpointSubnetId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe',
    virtualNetworkId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v',
  });
  new CustomerManagedKey(stack, 'cmk', { keyVault: vault, keyName: 'cmk-test' });
  const [[, key]] = resourcesOf(synthJson(stack), 'azurerm_key_vault_key');

  test('the synthesized key carries the expression and ignores later changes to it', () => {
    expect(key.expiration_date).toBe('${timeadd(plantimestamp(), "8760h")}');
    expect(key.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['expiration_date'] });
  });

  tfTest('terraform evaluates it to an RFC 3339 time 365 days ahead, and a second plan changes nothing', () => {
    // The same expression and lifecycle on a built-in resource: `input` stands for `expiration_date`.
    const dir = workspace({
      resource: { terraform_data: { key: { input: key.expiration_date, lifecycle: { ignore_changes: ['input'] } } } },
      output: { expiration_date: { value: '${terraform_data.key.output}' } },
    });
    const apply = tf(dir, 'apply', '-auto-approve', '-input=false', '-no-color');
    expect(apply.status).toBe(0);
    const out = tf(dir, 'output', '-raw', 'expiration_date').stdout;
    // azurerm validates expiration_date with validation.IsRFC3339Time (key_vault_key_resource.go at v4.73.0)
    expect(out).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const days = (Date.parse(out) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(366);
    const plan = tf(dir, 'plan', '-detailed-exitcode', '-input=false', '-no-color');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.status).toBe(0);
  }, 60_000);
});

describe('gateway certificate postconditions', () => {
  const host = '*.in.ai.example.com';
  const conditions = gatewayCertificateConditions(host).map((c) => ({ condition: c.condition.replace(/\bself\./g, 'self.output.'), error_message: c.errorMessage }));
  const certificate = (expires: string, subject: string, dnsNames: string[]) => ({
    expires,
    certificate_policy: [{ x509_certificate_properties: [{ subject, subject_alternative_names: dnsNames.length ? [{ dns_names: dnsNames }] : [] }] }],
  });

  test('they read the data source attributes azurerm sets', () => {
    expect(gatewayCertificateConditions(host).map((c) => c.condition)).toEqual([
      '${timecmp(self.expires, plantimestamp()) > 0}',
      '${contains(flatten(self.certificate_policy[0].x509_certificate_properties[0].subject_alternative_names[*].dns_names), "*.in.ai.example.com")}',
    ]);
  });

  tfTest.each([
    ['a valid wildcard SAN', certificate('2099-01-01T00:00:00Z', 'CN=ai.example.com', [host, 'ai.example.com']), undefined],
    // HTTPS clients never match the subject CN (RFC 9110 section 4.3.4): a name only there is refused
    ['the name only as subject CN, no SANs', certificate('2099-01-01T00:00:00Z', `CN=${host}, O=Example`, []), 'The gateway certificate does not name *.in.ai.example.com'],
    ['the name as subject CN, SANs naming another host', certificate('2099-01-01T00:00:00Z', `CN=${host}`, ['other.example.com']), 'The gateway certificate does not name *.in.ai.example.com'],
    ['an expired certificate', certificate('2020-01-01T00:00:00Z', `CN=${host}`, [host]), 'The gateway certificate has expired'],
    ['another name', certificate('2099-01-01T00:00:00Z', 'CN=other.example.com', ['other.example.com']), 'The gateway certificate does not name *.in.ai.example.com'],
  ])('%s', (_what, cert, error) => {
    const dir = workspace({ resource: { terraform_data: { cert: { input: cert, lifecycle: { postcondition: conditions } } } } });
    const apply = tf(dir, 'apply', '-auto-approve', '-input=false', '-no-color');
    if (error === undefined) {
      expect(apply.stderr).toBe('');
      expect(apply.status).toBe(0);
    } else {
      expect(apply.status).toBe(1);
      expect(apply.stderr).toContain('Resource postcondition failed');
      expect(apply.stderr.replace(/\s+/g, ' ')).toContain(error);
    }
  }, 60_000);
});
