/** Azure rules of a jurisdiction that span fields: how Terraform reaches the jurisdiction's Key Vaults. */
import type { PolicyPath } from './problems';
import type { ParsedPolicy } from './schema';
import type { Finding } from './finding';

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
    // RFC 1918 private, loopback, link-local, "this network", multicast/reserved, and the shared address
    // space of carrier-grade NAT (100.64.0.0/10, RFC 6598) and benchmarking (198.18.0.0/15, RFC 2544):
    // none is ever the public source address Key Vault's firewall sees, so such a rule admits nothing.
    const cgnat = a === 100 && b >= 64 && b <= 127;
    const benchmark = a === 198 && (b === 18 || b === 19);
    if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0 || a >= 224 || cgnat || benchmark) {
      out.push({ severity: 'error', path: [...base, 'azure', 'deployer', 'ipRanges', k], message: `"${r}" is not a public IPv4 range; Key Vault IP rules match public source addresses only (a private runner reaches the vault through its private endpoint, not an IP rule)` });
    }
  });
  return ranges && Object.freeze([...ranges]);
}

