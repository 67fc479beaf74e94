/**
 * The policy `npm run synth` uses when SOVEREIGN_POLICY is not set: US, EU and India on AWS and
 * Azure, every primary and secondary region inside its jurisdiction. State buckets and storage
 * accounts named here must exist before `cdktf deploy` (see README, "Deploying from an empty account").
 */
export const DEFAULT_POLICY_FILE = '<default policy>';

export const DEFAULT_POLICY_YAML = `# the embedded default policy (SOVEREIGN_POLICY=<file> selects another)
version: 1
name: sovereign-ai-default
namespace: sovai         # prefix of globally unique names (buckets, storage accounts, vaults)
domain: ai.example.com
keyIssuedOn: "2026-11-27"   # Azure key expiry is computed from this date (365-day versions, auto-rotated)
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
    azure: { primary: eastus2, secondary: centralus }
    state:
      aws: { bucket: sovereign-ai-us-tfstate, region: us-east-1 }
    inference:
      selfHosted: &llm     # open-weight model on SageMaker in the AWS primary region ({region}: each region's registry)
        image: 763104351884.dkr.ecr.{region}.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0
        modelData: { store: models, key: llm/model.tar.gz }   # npx cdktf-sovereign-ai upload, after sovereign-<id>
        instanceType: ml.g5.2xlarge
        environment: { HF_MODEL_ID: /opt/ml/model, HF_HUB_OFFLINE: "1", SM_NUM_GPUS: "1" }
      azureOpenAi:         # managed model; the deployment type keeps processing in the jurisdiction
        deployments: [{ model: gpt-4o, capacity: 10 }]
  - id: eu
    preset: EU           # the 27 member states; London, Zurich and Norway are outside
    aws:   { primary: eu-central-1, secondary: eu-west-3 }
    azure: { primary: germanywestcentral, secondary: swedencentral }
    state:
      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }
    inference:
      selfHosted: *llm     # the same model server and artifacts key as above
      azureOpenAi:         # managed model; the deployment type keeps processing in the jurisdiction
        deployments: [{ model: gpt-4o, capacity: 10 }]
  - id: in
    preset: IN
    aws:   { primary: ap-south-1, secondary: ap-south-2 }
    azure: { primary: centralindia, secondary: southindia }
    state:
      azure:
        storageAccount: sovereignaiintfstate
        container: tfstate
        resourceGroup: rg-sovereign-ai-tfstate
        location: centralindia
    inference:
      logRetentionDays: 365   # CERT-In: at least 180 days in India
      selfHosted: *llm     # the same model server and artifacts key as above
      azureOpenAi:         # managed model; the deployment type keeps processing in the jurisdiction
        region: southindia   # Azure OpenAI is offered in southindia, not centralindia (Standard: no India data zone)
        deployments: [{ model: gpt-4o, capacity: 10 }]
dataStores:              # one store per jurisdiction: model artifacts and data, replicated inside it
  - { name: models, jurisdiction: us, classification: confidential, replication: true }
  - { name: models, jurisdiction: eu, classification: confidential, replication: true }
  - { name: models, jurisdiction: in, classification: confidential, replication: true }
`;
