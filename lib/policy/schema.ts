/**
 * The shape of a sovereignty policy file. Every object is strict: an unknown key (a typo such as
 * `secundary`) is an error, never ignored. Rules that need more than one field (a region inside its
 * jurisdiction, ids unique, ...) live in `validate.ts`.
 *
 * `npm run schema` writes the JSON Schema generated from this file to
 * `lib/policy/sovereignty-policy.schema.json` for editor completion; a test keeps it current.
 */
import { z } from 'zod';
import { LOG_RETENTION_DAYS } from '../catalog';
import { awsAccountId, awsRegion, awsRegionCodes, azureRegion, azureRegionCodes, country, countryCodes, hostname, iamRoleArn, id, operatorName, uuid } from './schema-atoms';
import { State } from './schema-state';
import { Sovereign } from './schema-sovereign';

const AwsPlacement = z
  .strictObject({
    primary: awsRegion.describe('Region that serves the jurisdiction first.'),
    secondary: awsRegion.optional().describe('Failover region: another region of the same jurisdiction and partition. Default: none (the jurisdiction must then fail over to its other cloud).'),
    accountId: awsAccountId.optional().describe('Deploy only into this account (provider `allowed_account_ids`). Default: any account the credentials resolve to.'),
    roleArn: iamRoleArn.optional().describe('Role the AWS provider assumes for this jurisdiction. Default: the ambient credentials.'),
  })
  .describe('Where this jurisdiction runs on AWS. Credentials never go in the policy: they come from the environment.');

const AzurePlacement = z
  .strictObject({
    primary: azureRegion,
    secondary: azureRegion.optional().describe('Failover region inside the jurisdiction. Default: none (the jurisdiction must then fail over to its other cloud).'),
    subscriptionId: uuid.optional().describe('Subscription for this jurisdiction. Default: ARM_SUBSCRIPTION_ID from the environment.'),
    tenantId: uuid.optional().describe('Entra tenant. Default: ARM_TENANT_ID from the environment.'),
    deployer: z
      .strictObject({
        ipRanges: z
          .array(
            z
              .string()
              .regex(
                /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(\/(1[6-9]|2\d|3[0-2]))?$/,
                'must be a public IPv4 address or CIDR range from /16 to /32, such as 203.0.113.10/32',
              ),
          )
          .min(1)
          .describe('Public IPv4 addresses or ranges (/16 to /32) of the machines that run Terraform for this jurisdiction: the only public sources the Key Vault firewalls admit.'),
      })
      .optional()
      .describe(
        'How Terraform reaches the jurisdiction Key Vaults (creating and reading keys and certificates are data-plane calls). Required when the jurisdiction creates a vault (Azure data stores or azureOpenAi).',
      ),
  })
  .describe('Where this jurisdiction runs on Azure.');

const FailoverEndpoint = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, 'must be 1-32 lower-case letters, digits and inner hyphens'),
  hostname: hostname.describe('Public gateway host name that serves the service with a valid certificate and answers the health path.'),
  operator: operatorName.describe('Who runs it (a cloud, a national cloud, a company): used by the cut-off analysis. Built in: aws, azure (home US), aws-eusc (home DE); declare any other under the top-level `operators`.'),
  country: country.describe('Where it runs.'),
  healthCheckPath: z.string().regex(/^\/[\x21-\x7e]{0,254}$/, 'must be a path starting with /, at most 255 printable characters without spaces (Route 53 ResourcePath)').optional().describe('Default: /health.'),
  port: z.number().int().min(1).max(65535).optional().describe('Default: 443.'),
  contract: z
    .strictObject({
      api: z.literal('openai-v1').describe('It serves OpenAI-compatible `POST /v1/chat/completions` and `GET /v1/models` with the jurisdiction\'s model name.'),
      issuer: z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/, 'must be an https URL without query or fragment').describe('The OIDC issuer whose JWTs it accepts (the jurisdiction\'s `clients.issuer` for it to count).'),
      audience: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'must be 1-256 printable characters without spaces').describe('The `aud` it requires (the jurisdiction\'s `clients.audience` for it to count).'),
      hostnames: z.array(hostname).min(1).describe('Names it holds a valid certificate for and accepts as Host (the jurisdiction\'s client name for it to count).'),
    })
    .optional()
    .describe('What an endpoint this tool does not build serves to clients, as its operator states it. The cut-off analysis counts an endpoint only when it honours the jurisdiction\'s contract (API, credential, client name). Default: undeclared, so not counted.'),
});

const Failover = z
  .strictObject({
    endpoints: z
      .array(FailoverEndpoint)
      .min(1)
      .optional()
      .describe("The chain's gateways, in failover order. Default: the jurisdiction's inference gateways, AWS before Azure, primary region first."),
    external: z.array(FailoverEndpoint).default([]).describe('Endpoints of other operators (e.g. a national cloud) tried after the gateways.'),
    allowCrossBorder: z
      .boolean()
      .default(false)
      .describe('The one switch that lets a failover endpoint run outside the jurisdiction. Default: false.'),
    drill: z
      .strictObject({ fail: z.array(z.string().min(1)).min(1) })
      .optional()
      .describe('Rehearse a cut-off: the named endpoints (or positions primary/secondary/tertiary) report unhealthy until the next deploy without the drill.'),
    nameServers: z
      .array(hostname)
      .min(2)
      .optional()
      .describe("Name servers of the jurisdiction zone for the parent's delegation. Default: the Route 53 zone's own, created in the DNS stack (sovereign-dns). Give them when the zone is (also) served by name servers the jurisdiction runs."),
  })
  .describe('DNS failover inside the jurisdiction.');

const storeName = z.string().regex(/^[a-z][a-z0-9]{1,11}$/, 'must be 2-12 lower-case letters or digits, starting with a letter (it becomes part of bucket and storage-account names)');

const SelfHosted = z
  .strictObject({
    regions: z.array(awsRegion).min(1).optional().describe("AWS regions of the jurisdiction that run the model, each behind its own gateway. Default: [aws.primary]."),
    image: z
      .string()
      .regex(/^\d{12}\.dkr\.ecr\.(\{region\}|[a-z0-9-]+)\.amazonaws\.(com|eu)\/[a-z0-9._\/-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/, 'must be an ECR image URI <account>.dkr.ecr.<region or {region}>.amazonaws.com/<repository>:<tag> (amazonaws.eu in the AWS European Sovereign Cloud)')
      .describe('In-region ECR image of the open-weight model server; `{region}` is replaced by each region.'),
    modelData: z
      .strictObject({ store: storeName.describe('A data store of this jurisdiction holding the artifacts.'), key: z.string().regex(/^[^/].*\.tar\.gz$/, 'must be an object key ending in .tar.gz, without a leading /') })
      .describe('Model artifacts (model.tar.gz) in the residency bucket; upload them (`npx cdktf-sovereign-ai upload`) after the base stack `sovereign-<id>`, before `sovereign-<id>-inference`.'),
    instanceType: z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, 'must be a SageMaker instance type such as ml.g5.2xlarge'),
    instanceCount: z.number().int().min(1).max(100).default(1),
    maxInstanceCount: z.number().int().min(1).max(100).default(2).describe('Autoscaling ceiling. Default: 2.'),
    targetInvocationsPerInstance: z.number().int().min(1).default(50).describe('Autoscaling target (invocations per instance per minute). Default: 50.'),
    environment: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).default({}).describe('Container environment.'),
    healthProbe: z
      .strictObject({
        contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type such as application/json').default('application/json'),
        body: z.string().min(1).regex(/^[^$#]*$/, 'must not contain $ or # (API Gateway reads the body as a Velocity template)'),
      })
      .default({ contentType: 'application/json', body: '{"inputs":"ping","parameters":{"max_new_tokens":1}}' })
      .describe("The request the gateway's GET /health sends to the model: /health answers 200 only when the model answers it. Match the container's request format. Default: one token in the Hugging Face TGI format, {\"inputs\":\"ping\",\"parameters\":{\"max_new_tokens\":1}}."),
  })
  .describe('A self-hosted open-weight model on SageMaker, network-isolated in the jurisdiction VPC.');

const Bedrock = z
  .strictObject({
    region: awsRegion.optional().describe('Default: aws.primary.'),
    models: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be a short lower-case name'),
          modelId: z.string().min(3),
          crossRegion: z.boolean().default(false).describe('Use the geographic inference profile; only where all its regions are in the jurisdiction. Default: false (in-region).'),
          euProfileDestinations: z.array(awsRegion).optional().describe('Opt-in for `eu.` profiles: the destination regions AWS lists for this model.'),
        }),
      )
      .min(1),
  })
  .describe('Managed models on Amazon Bedrock, invoked in-region by default.');

const AzureOpenAi = z
  .strictObject({
    region: azureRegion.optional().describe('Default: azure.primary.'),
    deployments: z
      .array(
        z.strictObject({
          model: z.string().min(1),
          version: z.string().min(1).optional().describe('Model version. Default: the newest version offered there that is current on the day of synth (a retired version is refused, a deprecated one warned about).'),
          deploymentType: z
            .enum(['Standard', 'ProvisionedManaged', 'DataZoneStandard', 'DataZoneProvisionedManaged', 'GlobalStandard', 'GlobalProvisionedManaged', 'GlobalBatch'])
            .optional()
            .describe('Default: DataZoneStandard where the data zone is inside the jurisdiction, else Standard. Global* are refused.'),
          capacity: z.number().int().min(1).describe('Thousands of tokens per minute (PTUs for provisioned types).'),
        }),
      )
      .min(1),
    certificateName: z
      .string()
      .regex(/^[a-zA-Z0-9-]{1,127}$/)
      .default('gateway-tls')
      .describe("Key Vault certificate (in the region's jurisdiction vault) for *.<id>.<domain>, imported before deploying. Default: gateway-tls."),
  })
  .describe('Azure OpenAI behind an API Management gateway, with a deployment type that keeps processing in the jurisdiction.');

const Inference = z
  .strictObject({
    selfHosted: SelfHosted.optional(),
    bedrock: Bedrock.optional(),
    azureOpenAi: AzureOpenAi.optional(),
    logRetentionDays: z
      .literal(LOG_RETENTION_DAYS)
      .default(365)
      .describe('Retention of gateway, model and invocation logs (a CloudWatch value; India needs >= 180 under CERT-In). Default: 365.'),
  })
  .describe('Inference endpoints of the jurisdiction.');

/**
 * A scenario the cut-off analysis (lib/analysis) evaluates: one region, one cloud (any operator), one DNS
 * provider down, or every operator homed in a country (or the EU) cut off; the `-outage` forms mean "each one in turn".
 */
const SCENARIO = new RegExp(
  `^(region-outage|cloud-outage|dns-outage|region:(${[...awsRegionCodes, ...azureRegionCodes].join('|')})|cloud:[a-z0-9][a-z0-9-]{0,62}|dns:[a-z0-9][a-z0-9-]{0,62}|cutoff:(EU|${countryCodes.join('|')}))$`,
);
const scenario = z
  .string()
  .regex(SCENARIO, 'must be a scenario: region-outage, cloud-outage, dns-outage (each one in turn), region:<region code>, cloud:<operator>, dns:<route53 | route53-eusc | traffic-manager | a dns.external or dns.powerdns name>, or cutoff:<US | EU | IN | ISO country code>');

const Guardrails = z
  .strictObject({
    aws: z
      .strictObject({
        targetId: z.string().regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/, 'must be an organizational unit id (ou-xxxx-xxxxxxxx) or a 12-digit account id'),
        roleArn: iamRoleArn.optional().describe('Role in the Organizations management account. Default: the ambient credentials.'),
        allowEuInferenceProfiles: z.boolean().default(false).describe('Let Bedrock `eu.` profiles through (bounded to the jurisdiction regions). Default: false.'),
      })
      .optional()
      .describe('A service control policy denying every region outside the jurisdiction, attached to this OU or account.'),
    azure: z
      .strictObject({ subscriptionId: uuid.optional(), managementGroupId: z.string().regex(/^[A-Za-z0-9_().-]{1,90}$/).optional() })
      .optional()
      .describe('Azure Policy assignments (allowed locations, no worldwide OpenAI deployments) at exactly one of a subscription or a management group.'),
  })
  .describe('Organization guardrails, deployed as stack sovereign-<id>-guardrails with organization rights.');

const Clients = z
  .strictObject({
    model: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be 1-63 lower-case letters, digits, dots, hyphens and underscores, starting with a letter or digit')
      .default('chat')
      .describe('The model name clients send (`"model"` in `POST /v1/chat/completions`, listed by `GET /v1/models`) on every tier of the chain; each gateway maps it to its backend (the SageMaker endpoint, the Azure OpenAI deployment). Default: chat.'),
    issuer: z
      .string()
      .regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/, 'must be an https URL without query or fragment, e.g. https://id.example.gov/realms/ai')
      .optional()
      .describe('OIDC issuer of the jurisdiction\'s client credential (a JWT): every gateway of the chain checks the token\'s signature against the issuer\'s published keys (`<issuer>/.well-known/openid-configuration`), its `iss`, `aud` and expiry. Give it with `audience`. Default: none (each tier keeps its own cloud\'s credential; the report says so).'),
    audience: z.string().regex(/^[\x21-\x7e]{1,256}$/, 'must be 1-256 printable characters without spaces').optional().describe('The `aud` every client token must carry. Give it with `issuer`.'),
    hostname: z
      .enum(['jurisdiction', 'country'])
      .default('jurisdiction')
      .describe('The one name clients dial: `jurisdiction` = `<serviceName>.<id>.<domain>` (every tier of the chain serves it), `country` = the country-routed `<serviceName>.<domain>` (dns.provider route53 only; DNS sends it only to the tiers that serve it, not to an Azure OpenAI gateway: API Management Standard v2 binds one custom host name, `*.<id>.<domain>`; an error when no tier serves it). Default: jurisdiction.'),
  })
  .describe('The contract every gateway of the jurisdiction serves to its clients: one model name, one credential.');

const Jurisdiction = z.strictObject({
  id,
  preset: z.enum(['US', 'EU', 'IN']).optional().describe('US, EU (the 27 member states) or IN. Give this or `countries`.'),
  countries: z.array(country).min(1).optional().describe('Countries the data may be in. Give this or `preset`.'),
  clientCountries: z
    .array(country)
    .optional()
    .describe('Client countries routed to this jurisdiction. Default: its own countries.'),
  aws: AwsPlacement.optional(),
  azure: AzurePlacement.optional(),
  state: State,
  failover: Failover.optional(),
  inference: Inference.optional(),
  clients: Clients.optional(),
  guardrails: Guardrails.optional(),
  sovereign: Sovereign.optional(),
  survives: z
    .array(scenario)
    .optional()
    .describe('Scenarios after which the jurisdiction\'s clients must still get inference answers (a healthy gateway and model reached through DNS that still resolves), judged from the synthesized output; a plan that fails one is refused with the link that breaks. Default: none demanded (the report still shows every scenario).'),
});

const Dns = z
  .strictObject({
    provider: z.enum(['route53', 'azure']).default('route53').describe('route53: a parent zone with geolocation records and a delegated zone per jurisdiction; azure: Traffic Manager. Default: route53.'),
    serviceName: z.string().regex(/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/, 'must be a DNS label').default('api').describe('<serviceName>.<domain> routes clients by country to <serviceName>.<id>.<domain>, the name the gateways serve. Default: api.'),
    state: State.describe('State of the routing stack `sovereign-routing`; it holds only public DNS names.'),
    aws: z.strictObject({ accountId: awsAccountId.optional(), roleArn: iamRoleArn.optional() }).optional().describe('Account of the parent zone (route53). Default: the ambient credentials.'),
    azure: z
      .strictObject({ location: azureRegion, subscriptionId: uuid.optional(), tenantId: uuid.optional() })
      .optional()
      .describe('Where the Traffic Manager resource group lives (azure provider; profiles themselves are global).'),
    external: z
      .array(
        z.strictObject({
          name: operatorName.describe('Scenario name `dns:<name>`; not route53, route53-eusc or traffic-manager.'),
          operator: operatorName.describe('Who runs it: a name under the top-level `operators` (its home country decides which cut-offs reach it).'),
          answers: z
            .record(id, z.string().min(1))
            .describe('Jurisdiction id → the failover endpoint (a name in that jurisdiction\'s chain) this provider answers its clients with.'),
        }),
      )
      .default([])
      .describe('Declared, not provisioned by this tool: a second authoritative DNS provider for the domain (listed at the registrar beside the routing zone\'s name servers) that answers the service name with the given endpoint when the main provider cannot. The cut-off analysis credits this path; keeping it configured is yours.'),
    powerdns: z
      .strictObject({
        name: operatorName.default('powerdns').describe('Scenario name `dns:<name>`; not route53, route53-eusc, traffic-manager or a dns.external name. Default: powerdns.'),
        operator: operatorName.describe('Who runs the servers (the jurisdiction, a national operator): a name under the top-level `operators`, whose home country decides which cut-offs reach it.'),
        nameServers: z
          .array(hostname)
          .min(2)
          .describe('Host names of the PowerDNS servers, at least 2 (RFC 1034 §4.1), listed at the registrar beside the Route 53 name servers (multi-provider DNS).'),
      })
      .optional()
      .describe('Authoritative PowerDNS servers the jurisdiction runs, serving the same zones as Route 53 from the same failover chain (LUA records health-check the same /health URLs; zone files rendered by lib/dns/powerdns.ts). The cut-off analysis credits this path when Route 53 does not answer. Default: none.'),
  })
  .describe('Global routing: which jurisdiction answers a client, by country.');

const DataStore = z.strictObject({
  name: storeName,
  jurisdiction: id,
  classification: z.enum(['public', 'internal', 'confidential', 'restricted']).default('confidential'),
  replication: z.boolean().default(true).describe('Replicate to the secondary region of the same jurisdiction. Default: true.'),
  noncurrentVersionExpirationDays: z.number().int().min(1).max(36500).default(90),
  objectLockDays: z.number().int().min(1).max(36500).optional().describe('S3 Object Lock in COMPLIANCE mode for audit data. Default: off.'),
  privateOnly: z
    .boolean()
    .default(false)
    .describe('AWS: object reads and writes only through the jurisdiction VPC S3 gateway endpoint, except for the replication role and the principal that deploys (it uploads the model artifacts); listing stays allowed, as every plan needs it (HeadBucket). Azure accounts are always private-endpoint only. Default: false.'),
});

export const PolicySchema = z
  .strictObject({
    version: z.literal(1).describe('Policy format version.'),
    engine: z
      .enum(['terraform', 'opentofu'])
      .default('terraform')
      .describe('The engine that deploys the stacks. opentofu (>= 1.10) also encrypts state and plans client-side with each jurisdiction\'s `state.encryption` key. Default: terraform (state encrypted at rest by the backend only).'),
    name: z.string().regex(/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/, 'must be 3-40 lower-case letters, digits and hyphens'),
    namespace: z
      .string()
      .regex(/^[a-z][a-z0-9]{1,11}$/, 'must be 2-12 lower-case letters or digits, starting with a letter')
      .optional()
      .describe('Short prefix of globally unique names (buckets, storage accounts, vaults). Default: `name` without hyphens, cut to 12 characters.'),
    keyIssuedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .optional()
      .describe('Pins the expiry of the first version of every Azure Key Vault key to this UTC date + 365 days. Default: each key expires 365 days after the apply that creates it (rotated 30 days before).'),
    domain: z
      .string()
      .regex(/^(?=.{4,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name such as ai.example.gov')
      .describe('Public DNS domain; each jurisdiction gets `<id>.<domain>`.'),
    routing: z
      .strictObject({
        default: z.string().min(1).describe('Jurisdiction id that answers clients from unlisted countries, or `none` for no answer.'),
      })
      .describe('Where clients from countries that no jurisdiction claims go.'),
    contact: z
      .strictObject({ email: z.string().email(), name: z.string().min(1).max(100).optional() })
      .optional()
      .describe('Who operates the deployment: API Management publisher (needed with azureOpenAi).'),
    dns: Dns.optional().describe('Global routing and failover DNS. Default: none (no zones, no health checks).'),
    operators: z
      .record(
        z.string(), // the name's form is checked in validate.ts, with the name in the message
        z.strictObject({
          country: country.describe('Home country: the state whose law, sanctions or export rules reach the operator, distinct from where its endpoints run.'),
          description: z.string().min(1).max(200).optional(),
        }),
      )
      .default({})
      .describe('Operators the policy names besides the built-in aws and azure (home US) and aws-eusc (home DE): the cut-off analysis needs their home country. Default: none.'),
    jurisdictions: z.array(Jurisdiction).min(1),
    dataStores: z.array(DataStore).default([]),
  })
  .describe('A sovereignty policy: which jurisdictions exist, where each runs, and where its data lives.');

export type PolicyInput = z.input<typeof PolicySchema>;
export type ParsedPolicy = z.output<typeof PolicySchema>;
