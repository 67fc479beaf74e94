import { COMPLIANT, defineRule, nonCompliant, verdict } from '../../rule';
import { asList, block, blocks } from '../support';

/** Sovereign-KubernetesTlsIngress: no plaintext public endpoint on the cluster. */
export const KubernetesTlsIngress = defineRule(
  {
    id: 'Sovereign-KubernetesTlsIngress',
    level: 'error',
    family: 'security',
    description:
      'A `kubernetes_ingress_v1` has a host on every rule and lists each host in a `tls` block with a `secret_name` (ingress-nginx `ssl-redirect` not `"false"`); a `kubernetes_service_v1` is `ClusterIP` (no `LoadBalancer` or `NodePort` port reachable without TLS).',
    appliesTo: ['kubernetes_ingress_v1', 'kubernetes_service_v1'],
  },
  function KubernetesTlsIngress(r) {
    const spec = block(r.attrs.spec) ?? {};
    if (r.type === 'kubernetes_service_v1') {
      const type = spec.type ?? 'ClusterIP';
      return type === 'ClusterIP' ? COMPLIANT : nonCompliant(`service type ${type} exposes its ports outside the cluster without TLS; use ClusterIP behind a TLS ingress`);
    }
    const tls = blocks(spec.tls).filter((t) => typeof t.secret_name === 'string' && t.secret_name.length > 0);
    const covered = new Set(tls.flatMap((t) => asList(t.hosts)));
    const rules = blocks(spec.rule);
    const annotations = (block(r.attrs.metadata)?.annotations ?? {}) as Record<string, string>;
    return verdict([
      rules.length === 0 && 'the ingress has no rule with a host (a default backend would answer any name, also over plain HTTP)',
      ...rules.map((x) => (typeof x.host !== 'string' ? 'a rule has no host' : !covered.has(x.host) && `host ${x.host} has no tls block with a secret_name: it would be served over plain HTTP`)),
      annotations['nginx.ingress.kubernetes.io/ssl-redirect'] === 'false' && 'nginx.ingress.kubernetes.io/ssl-redirect is "false": HTTP requests would be served',
    ]);
  },
);
