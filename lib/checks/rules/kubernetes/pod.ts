/** Reading the pod template of a synthesized hashicorp/kubernetes workload (kubernetes_deployment_v1). */
import type { CheckedResource } from '../../rule';
import { block, blocks } from '../support';

export interface PodView {
  readonly spec: Record<string, any>;
  /** Containers and init containers, with which list they are in. */
  readonly containers: readonly { readonly kind: 'container' | 'init_container'; readonly c: Record<string, any> }[];
  readonly labels: Record<string, string>;
}

export function podOf(workload: CheckedResource): PodView {
  const spec = block(block(block(workload.attrs.spec)?.template)?.spec) ?? {};
  const containers = [
    ...blocks(spec.init_container).map((c) => ({ kind: 'init_container' as const, c })),
    ...blocks(spec.container).map((c) => ({ kind: 'container' as const, c })),
  ];
  return { spec, containers, labels: (block(workload.attrs.metadata)?.labels ?? {}) as Record<string, string> };
}

export function nameOf(x: { kind: string; c: Record<string, any> }): string {
  return `${x.kind} ${x.c.name ?? '(unnamed)'}`;
}
