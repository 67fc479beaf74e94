/**
 * Starter policies for `cdktf-sovereign-ai init --jurisdiction <US|EU|IN>`: one jurisdiction on AWS
 * and Azure with a self-hosted model, Azure OpenAI, one replicated data store, DNS failover and the
 * `survives` demands it meets, every line commented. Each validates and synthesizes as written.
 */
import type { JurisdictionPreset } from '../catalog';

export const STARTER_PRESETS: readonly JurisdictionPreset[] = Object.freeze(['US', 'EU', 'IN']);

interface Starter {
  readonly id: string;
  readonly what: string;
  /** Example domain under a TLD whose registry is in the jurisdiction (.eu: EURid, BE; .in: NIXI, IN), so a US cut-off does not take it. */
  readonly domain: string;
  readonly aws: readonly [primary: string, secondary: string, cities: string];
  readonly azure: readonly [primary: string, secondary: string, cities: string];
  readonly azureOpenAiRegion?: string;
  /** The deployment line: a model current on the lifecycle table, with a type offered in the region. */
  readonly azureOpenAiDeployment: string;
  readonly logRetention?: string;
  /** A national operator of the jurisdiction, for the commented cut-off lines; absent for US. */
  readonly national?: { readonly operator: string; readonly country: string; readonly hostname: string };
}

const STARTERS: Readonly<Record<JurisdictionPreset, Starter>> = {
  US: {
    id: 'us',
    what: 'the United States',
    domain: 'ai.example.com',
    aws: ['us-east-1', 'us-west-2', 'N. Virginia, Oregon'],
    azure: ['eastus2', 'centralus', 'Virginia, Iowa'],
    azureOpenAiDeployment: '{ model: gpt-5.1, capacity: 10 }',
  },
  EU: {
    id: 'eu',
    what: 'the 27 EU member states (London, Zurich and Norway are outside)',
    domain: 'ai.example.eu',
    aws: ['eu-central-1', 'eu-west-3', 'Frankfurt, Paris'],
    azure: ['germanywestcentral', 'swedencentral', 'Frankfurt, Gävle'],
    azureOpenAiRegion: 'swedencentral', // gpt-5.1 Data Zone Standard: swedencentral and francecentral, not germanywestcentral
    azureOpenAiDeployment: '{ model: gpt-5.1, capacity: 10 }',
    national: { operator: 'natcloud-fr', country: 'FR', hostname: 'ai.natcloud.example.fr' },
  },
  IN: {
    id: 'in',
    what: 'India',
    domain: 'ai.example.in',
    aws: ['ap-south-1', 'ap-south-2', 'Mumbai, Hyderabad (opt-in: enable it for the account)'],
    azure: ['centralindia', 'southindia', 'Pune, Chennai'],
    azureOpenAiRegion: 'southindia',
    // Standard in southindia offers only retired chat models (matrix 04/30/2026): provisioned, 50 PTUs minimum
    azureOpenAiDeployment: '{ model: gpt-5.1, deploymentType: ProvisionedManaged, capacity: 50 }',
    logRetention: '      logRetentionDays: 365         # CERT-In: at least 180 days in India\n',
    national: { operator: 'natcloud-in', country: 'IN', hostname: 'ai.natcloud.example.in' },
  },
};

/** The commented lines that make a jurisdiction survive `cutoff:US`, by place in the file. */
function cutoffLines(s: Starter): { top: string; dns: string; survives: string; failover: string } {
  const n = s.national;
  if (!n) {
    return { top: '', dns: '', survives: '      # cutoff:US is the scenario other jurisdictions guard against; US operators are not foreign here\n', failover: '' };
  }
  return {
    top: `# operators:                       # (cutoff) home country of an operator that is not AWS or Azure\n#   ${n.operator}: { country: ${n.country} }\n`,
    dns: `  # external:                      # (cutoff) a second DNS provider, declared (listed at the registrar by you)\n  #   - { name: natdns, operator: ${n.operator}, answers: { ${s.id}: natcloud } }\n`,
    survives: '      # - cutoff:US                 # (cutoff) not survivable with AWS and Azure alone: both are US-operated, and so is Route 53;\n      #                             it is once every line marked "cutoff" is uncommented\n',
    failover: `    # failover:                     # (cutoff) an endpoint run by an operator homed in ${n.country}, last in the chain; counted only with the contract it declares (your API, JWT, name)\n    #   external: [{ name: natcloud, hostname: ${n.hostname}, operator: ${n.operator}, country: ${n.country}, contract: { api: openai-v1, issuer: "https://id.${s.id}.ai.example.com/realms/sovereign-ai", audience: sovereign-ai-${s.id}, hostnames: [api.${s.id}.${s.domain}] } }]\n`,
  };
}

/**
 * The starter policy text for a preset. `schema` is the path of sovereignty-policy.schema.json
 * relative to the written file (editor completion).
 */
export function starterPolicy(preset: JurisdictionPreset, schema: string): string {
  return alignComments(starterText(STARTERS[preset], preset, schema));
}

/** Puts trailing comments in one column (36) where the value leaves room. */
function alignComments(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^(\s*(?:# )?[^#\s].*?)\s{2,}(# .*)$/.exec(line);
      return m && m[1].length < 35 ? `${m[1].padEnd(36)}${m[2]}` : line;
    })
    .join('\n');
}

function starterText(s: Starter, preset: JurisdictionPreset, schema: string): string {
  const c = cutoffLines(s);
  return `# yaml-language-server: $schema=${schema}
# A starter sovereignty policy for ${s.what}, written by \`cdktf-sovereign-ai init --jurisdiction ${preset}\`.
#   check it:   npx cdktf-sovereign-ai validate <this file>
#   prove it:   npx cdktf-sovereign-ai report <this file>    (writes cdktf.out/sovereignty-report.md)
#   deploy it:  SOVEREIGN_POLICY=<this file> npx cdktn deploy '*'
# Replace every example name (domain, buckets) and the deployer IP with your own before deploying.
version: 1
name: sovereign-ai-${s.id}                # 3-40 lower-case letters, digits, hyphens: part of resource names
domain: ${s.domain.padEnd(27)} # your public DNS domain (its TLD's registry: lib/catalog/dns-registries.ts); the jurisdiction gets ${s.id}.${s.domain}
contact: { email: ai-platform@example.com, name: Sovereign AI platform team }   # API Management publisher
routing:
  default: none                     # clients from countries no jurisdiction claims get no answer
${c.top}dns:
  provider: route53                 # a parent zone routing by country, and a failover zone per jurisdiction
  serviceName: api                  # clients call api.${s.id}.${s.domain} (api.${s.domain} routes there by country)
  state:                            # the routing stack's state (public DNS names only), kept in the jurisdiction
    aws: { bucket: my-sovereign-ai-routing-tfstate, region: ${s.aws[0]} }
${c.dns}jurisdictions:
  - id: ${s.id}                           # stack sovereign-${s.id}
    preset: ${preset}                       # ${s.what}
    aws:   { primary: ${s.aws[0]}, secondary: ${s.aws[1]} }      # ${s.aws[2]}
    azure:                          # ${s.azure[2]}
      primary: ${s.azure[0]}
      secondary: ${s.azure[1]}
      deployer: { ipRanges: [203.0.113.10/32] }   # public IP of your Terraform runner: the only source the vaults admit
    state:                          # Terraform state stays in the jurisdiction; create the bucket before deploying
      aws: { bucket: my-sovereign-ai-${s.id}-tfstate, region: ${s.aws[0]} }
    survives:                       # checked on the synthesized stacks: a plan that fails one is refused
      - region-outage               # any one region down: DNS fails over to the other cloud
      - cloud-outage                # AWS or Azure down in every region: the other one answers
${c.survives}${c.failover}    clients:                        # one model name and one credential on every tier (AWS and Azure): a JWT of your OIDC issuer
      model: chat
      issuer: https://id.${s.id}.ai.example.com/realms/sovereign-ai   # your issuer (replace); it must sign RS256
      audience: sovereign-ai-${s.id}
    inference:
${s.logRetention ?? ''}      selfHosted:                   # an open-weight model on SageMaker, network-isolated in the jurisdiction VPC
        image: 763104351884.dkr.ecr.{region}.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0
        modelData: { store: models, key: llm/model.tar.gz }   # npx cdktf-sovereign-ai upload, after sovereign-<id> (README: Deploying from an empty account)
        instanceType: ml.g5.2xlarge
      azureOpenAi:                  # a managed model whose deployment type keeps processing in the jurisdiction
${s.azureOpenAiRegion ? `        region: ${s.azureOpenAiRegion}             # where the model below is offered in the jurisdiction\n` : ''}        deployments: [${s.azureOpenAiDeployment}]
dataStores:                         # replicated to the secondary region, never outside the jurisdiction
  - { name: models, jurisdiction: ${s.id}, classification: confidential, replication: true }
`;
}
