/**
 * The policy `npm run synth` uses when SOVEREIGN_POLICY is not set: US, EU and India on AWS and
 * Azure, every primary and secondary region inside its jurisdiction. State buckets and storage
 * accounts named here must exist before `cdktn deploy` (see README, "Deploying from an empty account").
 * `deployer.ipRanges` (203.0.113.0/24 is a documentation range, RFC 5737) must be replaced with the
 * public address of the machine that runs Terraform, like the domain and bucket names.
 * Models: current versions on the lifecycle table (lib/catalog/model-lifecycle.ts) on 2026-11-29.
 */
export const DEFAULT_POLICY_FILE = '<default policy>';

export const DEFAULT_POLICY_YAML = `# the embedded default policy (SOVEREIGN_POLICY=<file> selects another)
version: 1
name: sovereign-ai-default
namespace: sovai         # prefix of globally unique names (buckets, storage accounts, vaults)
domain: ai.example.com
contact: { email: ai-platform@example.com, name: Sovereign AI platform team }
routing:
  default: none          # clients from countries no jurisdiction claims get no answer
dns:
  provider: route53      # parent zone ai.example.com with geolocation; zones us./eu./in. with failover
  serviceName: api       # api.ai.example.com routes by country to api.<id>.ai.example.com, which clients call
  state:
    aws: { bucket: sovereign-ai-routing-tfstate, region: us-east-1 }   # holds public DNS names only
jurisdictions:
  - id: us
    preset: US
    aws:   { primary: us-east-1, secondary: us-west-2 }
    azure:
      primary: eastus2
      secondary: centralus
      deployer: { ipRanges: [203.0.113.10/32] }   # your Terraform runner's public IP: the only public source the vaults admit
    state:
      aws: { bucket: sovereign-ai-us-tfstate, region: us-east-1 }
    inference:
      selfHosted: &llm     # open-weight model on SageMaker in the AWS primary region ({region}: each region's registry)
        image: 763104351884.dkr.ecr.{region}.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0
        modelData: { store: models, key: llm/model.tar.gz }   # npx cdktf-sovereign-ai upload, after sovereign-<id>
        instanceType: ml.g5.2xlarge
        environment: { HF_MODEL_ID: /opt/ml/model, HF_HUB_OFFLINE: "1", SM_NUM_GPUS: "1" }
      azureOpenAi:         # managed model; DataZoneStandard keeps processing in the US data zone
        deployments: [{ model: gpt-5.1, capacity: 10 }]   # GA until 2027-05-15 (gpt-4o retired 2026-10-01)
    clients: { model: chat, issuer: "https://id.us.ai.example.com/realms/sovereign-ai", audience: sovereign-ai-us }   # one model name, one JWT issuer for every tier
  - id: eu
    preset: EU           # the 27 member states; London, Zurich and Norway are outside
    aws:   { primary: eu-central-1, secondary: eu-west-3 }
    azure:
      primary: germanywestcentral
      secondary: swedencentral
      deployer: { ipRanges: [203.0.113.10/32] }
    state:
      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }
    inference:
      selfHosted: *llm     # the same model server and artifacts key as above
      azureOpenAi:         # managed model; DataZoneStandard keeps processing in the EU data zone
        region: swedencentral   # gpt-5.1 Data Zone Standard is offered in swedencentral and francecentral, not germanywestcentral
        deployments: [{ model: gpt-5.1, capacity: 10 }]
    clients: { model: chat, issuer: "https://id.eu.ai.example.com/realms/sovereign-ai", audience: sovereign-ai-eu }
  - id: in
    preset: IN
    aws:   { primary: ap-south-1, secondary: ap-south-2 }
    azure:
      primary: centralindia
      secondary: southindia
      deployer: { ipRanges: [203.0.113.10/32] }
    state:
      azure:
        storageAccount: sovereignaiintfstate
        container: tfstate
        resourceGroup: rg-sovereign-ai-tfstate
        location: centralindia
    inference:
      logRetentionDays: 365   # CERT-In: at least 180 days in India
      selfHosted: *llm     # the same model server and artifacts key as above
      azureOpenAi:         # India: no data zone; Standard in southindia offers only retired chat models (matrix 04/30/2026)
        region: southindia   # the only Indian region in the Azure OpenAI matrix
        # Provisioned (PTU) is the one current in-country option: gpt-5.1, regional minimum 50 PTUs.
        # Needs provisioned quota in southindia (not granted by default) and is billed per PTU-hour.
        deployments: [{ model: gpt-5.1, deploymentType: ProvisionedManaged, capacity: 50 }]
    clients: { model: chat, issuer: "https://id.in.ai.example.com/realms/sovereign-ai", audience: sovereign-ai-in }
dataStores:              # one store per jurisdiction: model artifacts and data, replicated inside it
  - { name: models, jurisdiction: us, classification: confidential, replication: true }
  - { name: models, jurisdiction: eu, classification: confidential, replication: true }
  - { name: models, jurisdiction: in, classification: confidential, replication: true }
`;
