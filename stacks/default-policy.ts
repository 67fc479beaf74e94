/**
 * The policy `npm run synth` uses when SOVEREIGN_POLICY is not set: US, EU and India on AWS and
 * Azure, every primary and secondary region inside its jurisdiction. State buckets and storage
 * accounts named here must exist before `cdktf deploy` (see README, "Deploying one jurisdiction").
 */
export const DEFAULT_POLICY_FILE = '<default policy>';

export const DEFAULT_POLICY_YAML = `# the embedded default policy (SOVEREIGN_POLICY=<file> selects another)
version: 1
name: sovereign-ai-default
namespace: sovai         # prefix of globally unique names (buckets, storage accounts, vaults)
domain: ai.example.com
keyIssuedOn: "2026-11-27"   # Azure key expiry is computed from this date (365-day versions, auto-rotated)
routing:
  default: none          # clients from countries no jurisdiction claims get no answer
jurisdictions:
  - id: us
    preset: US
    aws:   { primary: us-east-1, secondary: us-west-2 }
    azure: { primary: eastus2, secondary: centralus }
    state:
      aws: { bucket: sovereign-ai-us-tfstate, region: us-east-1 }
  - id: eu
    preset: EU           # the 27 member states; London, Zurich and Norway are outside
    aws:   { primary: eu-central-1, secondary: eu-west-3 }
    azure: { primary: germanywestcentral, secondary: swedencentral }
    state:
      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }
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
dataStores:              # one store per jurisdiction: model artifacts and data, replicated inside it
  - { name: models, jurisdiction: us, classification: confidential, replication: true }
  - { name: models, jurisdiction: eu, classification: confidential, replication: true }
  - { name: models, jurisdiction: in, classification: confidential, replication: true }
`;
