import { defineRule, verdict } from '../../rule';
import { asList, block, isTrue } from '../support';
import { nameOf, podOf } from './pod';

/** Sovereign-KubernetesPodSecurity: Pod Security Standards `restricted` for every container (kubernetes.io/docs/concepts/security/pod-security-standards). */
export const KubernetesPodSecurity = defineRule(
  {
    id: 'Sovereign-KubernetesPodSecurity',
    level: 'error',
    family: 'security',
    description:
      'A `kubernetes_deployment_v1` pod shares no host namespace (`host_network`, `host_pid`, `host_ipc`), and every container is not `privileged`, sets `allow_privilege_escalation = false`, drops `ALL` capabilities and runs as non-root (`run_as_non_root`, never `run_as_user = 0`).',
    appliesTo: ['kubernetes_deployment_v1'],
  },
  function KubernetesPodSecurity(d) {
    const { spec, containers } = podOf(d);
    const pod = block(spec.security_context) ?? {};
    return verdict([
      ...['host_network', 'host_pid', 'host_ipc'].map((k) => isTrue(spec[k]) && `the pod sets ${k}`),
      String(pod.run_as_user) === '0' && 'the pod runs as user 0 (root)',
      ...containers.flatMap((x) => {
        const sc = block(x.c.security_context) ?? {};
        const nonRoot = isTrue(sc.run_as_non_root) || (sc.run_as_non_root === undefined && isTrue(pod.run_as_non_root));
        return [
          isTrue(sc.privileged) && `${nameOf(x)} is privileged`,
          sc.allow_privilege_escalation !== false && sc.allow_privilege_escalation !== 'false' && `${nameOf(x)} does not set allow_privilege_escalation = false`,
          !asList(block(sc.capabilities)?.drop).includes('ALL') && `${nameOf(x)} does not drop ALL capabilities`,
          !nonRoot && `${nameOf(x)} does not set run_as_non_root`,
          String(sc.run_as_user) === '0' && `${nameOf(x)} runs as user 0 (root)`,
        ];
      }),
    ]);
  },
);
