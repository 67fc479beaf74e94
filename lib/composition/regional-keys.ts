/**
 * One jurisdiction key per AWS region and one Key Vault per Azure region, created on first use and
 * shared by the stores, models and logs of that region (was stacks/keys.ts).
 */
import type { Construct } from 'constructs';
import { JurisdictionKey, JurisdictionKeyVault } from '../storage';
import { Composition } from './composition';
import { azurePlacement, type AwsRegionContext, type AzureRegionContext, type JurisdictionPlacement } from './context';

export interface RegionalKeysProps {
  readonly placement: JurisdictionPlacement;
  /**
   * Public IP ranges Terraform's data-plane calls come from, admitted by each vault's firewall.
   * @default - none: Terraform must then run inside the vault's virtual network
   */
  readonly deployerIpRanges?: readonly string[];
}

export interface VaultOptions {
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** Pins the first expiry of the vault's keys (YYYY-MM-DD). @default - keys expire 365 days after the apply that creates them */
  readonly keyIssuedOn?: string;
}

/** The jurisdiction's per-region keys. Parts (ids `key-aws-<region>`, `vault-azure-<region>`) are created next to this construct. */
export class RegionalKeys extends Composition {
  public readonly placement: JurisdictionPlacement;
  private readonly props: RegionalKeysProps;
  private readonly awsKeys = new Map<string, JurisdictionKey>();
  private readonly azureVaults = new Map<string, JurisdictionKeyVault>();

  constructor(scope: Construct, id: string, props: RegionalKeysProps) {
    super(scope, id);
    this.props = props;
    this.placement = props.placement;
  }

  /** The region's key: encrypts buckets, SageMaker volumes and (through CloudWatch Logs) log groups. */
  public awsKey(ctx: AwsRegionContext): JurisdictionKey {
    let key = this.awsKeys.get(ctx.region.code);
    if (!key) {
      key = new JurisdictionKey(this.partScope, `key-aws-${ctx.region.code}`, {
        jurisdiction: this.placement.jurisdiction,
        provider: ctx.provider,
        region: ctx.region,
        purpose: 'data',
        allowCloudWatchLogs: true,
      });
      this.awsKeys.set(ctx.region.code, key);
    }
    return key;
  }

  /**
   * The region's Key Vault: customer-managed keys of storage accounts and Azure OpenAI, gateway certificates.
   * Its firewall admits the deployer ranges (Terraform's data-plane calls) and, where the region runs an
   * API Management gateway, the gateway's integration subnet. The options of the first call create it.
   */
  public azureVault(ctx: AzureRegionContext, options: VaultOptions): JurisdictionKeyVault {
    let vault = this.azureVaults.get(ctx.region.code);
    if (!vault) {
      vault = new JurisdictionKeyVault(this.partScope, `vault-azure-${ctx.region.code}`, {
        ...azurePlacement(this.placement, ctx, options.namespace),
        keyIssuedOn: options.keyIssuedOn,
        deployerIpRanges: this.props.deployerIpRanges,
        allowedSubnetIds: ctx.network.apiManagementSubnetId ? [ctx.network.apiManagementSubnetId] : undefined,
      });
      this.azureVaults.set(ctx.region.code, vault);
    }
    return vault;
  }
}
