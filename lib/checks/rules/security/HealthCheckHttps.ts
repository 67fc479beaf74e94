import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant, verdict } from '../../rule';
import { block, isFalse } from '../support';

const NOT_PROBES = new Set(['CALCULATED', 'CLOUDWATCH_METRIC', 'RECOVERY_CONTROL']);

/** Sovereign-HealthCheckHttps: failover probes speak HTTPS (with SNI), so a gateway is judged on the TLS endpoint clients use. */
export const HealthCheckHttps = defineRule(
  {
    id: 'Sovereign-HealthCheckHttps',
    level: 'error',
    family: 'security',
    description:
      'An `aws_route53_health_check` that probes an endpoint uses `HTTPS` or `HTTPS_STR_MATCH` without turning `enable_sni` off; an `azurerm_traffic_manager_profile` monitors with protocol HTTPS.',
    appliesTo: ['aws_route53_health_check', 'azurerm_traffic_manager_profile'],
  },
  function HealthCheckHttps(check) {
    if (check.type === 'azurerm_traffic_manager_profile') {
      const protocol = block(check.attrs.monitor_config)?.protocol;
      return protocol === 'HTTPS' ? COMPLIANT : nonCompliant(`monitor_config.protocol is ${protocol ?? '(not set)'}; use HTTPS`);
    }
    const type = check.attrs.type;
    if (NOT_PROBES.has(type)) return NOT_APPLICABLE;
    return verdict([
      !['HTTPS', 'HTTPS_STR_MATCH'].includes(type) && `type is ${type}; use HTTPS (plain probes cross the internet unencrypted)`,
      isFalse(check.attrs.enable_sni) && 'enable_sni is false: the probe cannot reach a name-based TLS endpoint',
    ]);
  },
);
