import { defineRule, verdict } from '../../rule';
import { block } from '../support';
import { nameOf, podOf } from './pod';

/** GPU resources are extended resources: Kubernetes refuses a request that differs from the limit (kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus). */
const GPU = /^(nvidia\.com|amd\.com|gpu\.intel\.com)\//;

/** Sovereign-KubernetesResourceLimits: every container is bounded (CPU, memory; GPUs requested = limited). */
export const KubernetesResourceLimits = defineRule(
  {
    id: 'Sovereign-KubernetesResourceLimits',
    level: 'error',
    family: 'security',
    description: 'Every container and init container of a `kubernetes_deployment_v1` sets `resources` requests and limits for `cpu` and `memory`, and any GPU (`nvidia.com/gpu`, ...) with requests equal to limits.',
    appliesTo: ['kubernetes_deployment_v1'],
  },
  function KubernetesResourceLimits(d) {
    const { containers } = podOf(d);
    return verdict([
      containers.length === 0 && 'the pod template has no container',
      ...containers.flatMap((x) => {
        const res = block(x.c.resources) ?? {};
        const limits = (res.limits ?? {}) as Record<string, string>;
        const requests = (res.requests ?? {}) as Record<string, string>;
        const gpus = [...new Set([...Object.keys(limits), ...Object.keys(requests)].filter((k) => GPU.test(k)))];
        return [
          ...['cpu', 'memory'].flatMap((k) => [!limits[k] && `${nameOf(x)} has no ${k} limit`, !requests[k] && `${nameOf(x)} has no ${k} request`]),
          ...gpus.map((g) => String(limits[g]) !== String(requests[g]) && `${nameOf(x)} requests ${requests[g] ?? 'no'} ${g} but limits ${limits[g] ?? 'none'}: GPUs need requests equal to limits`),
        ];
      }),
    ]);
  },
);
