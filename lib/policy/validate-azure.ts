/** Azure rules of a jurisdiction that span fields: how Terraform reaches the jurisdiction's Key Vaults. */
import type { PolicyPath } from './problems';
import type { ParsedPolicy } from './schema';
import type { Finding } from './validate';

type ParsedJurisdiction = ParsedPolicy['jurisdictions'][number];

/**
 * A jurisdiction that creates a Key Vault (Azure data stores or Azure OpenAI) names the public ranges
 * its Terraform runners come from: creating and reading keys and certificates are data-plane calls
 * (azurerm v4.73.0 `internal/services/keyvault/key_vault_key_resource.go`: CreateKey, GetKey), and
 * the vaults admit nothing else from outside their private endpoints.
 */
export function checkDeployer(parsed: ParsedPolicy, j: ParsedJurisdiction, base: PolicyPath, out: Finding[]): readonly string[] | undefined {
  const ranges = j.azure?.deployer?.ipRanges;
  const needsVault = parsed.dataStores.some((s) => s.jurisdiction === j.id) || j.inference?.azureOpenAi !== undefined;
  if (needsVault && !ranges) {
    out.push({
      severity: 'error',
      path: [...base, 'azure'],
      message:
        'this jurisdiction creates Azure Key Vaults (data stores or azureOpenAi), and Terraform creates and reads their keys over the data plane: add `deployer: { ipRanges: [<public IPv4 of your runner>/32] }`; the vault firewalls admit only those ranges besides their private endpoints',
    });
  }
  (ranges ?? []).forEach((r, k) => {
    const [a, b] = r.split('.').map(Number);
    if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0 || a >= 224) {
      out.push({ severity: 'error', path: [...base, 'azure', 'deployer', 'ipRanges', k], message: `"${r}" is not a public IPv4 range; Key Vault IP rules match public source addresses only (a private runner reaches the vault through its private endpoint, not an IP rule)` });
    }
  });
  return ranges && Object.freeze([...ranges]);
}

