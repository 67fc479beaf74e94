/**
 * Host names a failover endpoint can never have: their certificate can never cover our service
 * names, or they resolve only privately. One table for the DNS constructs (lib/dns/chain.ts) and the
 * policy validator (lib/policy), so a policy is refused with a located error before synth.
 */
export const REFUSED_ENDPOINT_HOSTNAMES: readonly (readonly [RegExp, string])[] = Object.freeze([
  [/(^|\.)privatelink\.|\.vpce\.amazonaws\.com$/, 'a private endpoint name'],
  [/^(bedrock[a-z-]*|runtime\.sagemaker|api\.sagemaker)\.[a-z0-9-]+\.amazonaws\.(com|eu)$/, 'an AWS model endpoint'],
  [/\.(openai|cognitiveservices)\.azure\.com$|\.services\.ai\.azure\.com$|\.inference\.(ai|ml)\.azure\.com$/, 'an Azure AI model endpoint'],
  [/\.(internal|local|localhost|home\.arpa|invalid|test)$/, 'a name that does not resolve publicly'],
] as const);

/** Why `hostname` cannot be a failover endpoint (`a private endpoint name`), or undefined. */
export function refusedEndpointHostname(hostname: string): string | undefined {
  return REFUSED_ENDPOINT_HOSTNAMES.find(([re]) => re.test(hostname))?.[1];
}

/**
 * The name a regional inference gateway serves, on either cloud: `<region>.<jurisdiction id>.<domain>`.
 * One rule for the policy's failover chain, the gateway constructs and their certificates.
 */
export function regionalGatewayHostname(regionCode: string, jurisdictionId: string, domain: string): string {
  return `${regionCode}.${jurisdictionId}.${domain}`;
}

/**
 * True if certificate name `cert` (exact, or a `*.` wildcard of one label) covers `host` (RFC 6125
 * §6.4.3: the wildcard matches exactly one left-most label). One rule for the policy (which tiers
 * accept the country-routed name), the DNS records built from it and the analysis.
 */
export function certificateCovers(cert: string, host: string): boolean {
  if (cert === host) return true;
  return cert.startsWith('*.') && host.split('.').length > 2 && host.slice(host.indexOf('.') + 1) === cert.slice(2);
}
