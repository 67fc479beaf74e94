/** Rules for the hashicorp/kubernetes resources of the sovereign tier (lib/sovereign). */
import type { SovereigntyRule } from '../../rule';
import { KubernetesPodSecurity } from './KubernetesPodSecurity';
import { KubernetesResourceLimits } from './KubernetesResourceLimits';
import { KubernetesTlsIngress } from './KubernetesTlsIngress';
import { ResidencyImageRegistry } from './ResidencyImageRegistry';

export { KubernetesPodSecurity, KubernetesResourceLimits, KubernetesTlsIngress, ResidencyImageRegistry };

/** In report order: residency first, then security. */
export const KUBERNETES_RULES: readonly SovereigntyRule[] = Object.freeze([ResidencyImageRegistry, KubernetesTlsIngress, KubernetesResourceLimits, KubernetesPodSecurity]);
