import { describeCountry, type CountryCode } from '../../../catalog';
import { defineRule, verdict } from '../../rule';
import { describeJurisdiction } from '../support';
import { nameOf, podOf } from './pod';

/**
 * Registries run by operators outside any one jurisdiction's control (and docker.io, which an image
 * without a host means): never a source at run time.
 */
export const PUBLIC_REGISTRIES: readonly string[] = Object.freeze(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'ghcr.io', 'quay.io', 'gcr.io', 'registry.k8s.io', 'k8s.gcr.io', 'nvcr.io', 'public.ecr.aws', 'mcr.microsoft.com']);

/** The registry host of an image reference, or undefined when it names none (Docker Hub is then implied). */
export function registryOf(image: string): string | undefined {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : undefined;
}

/** Sovereign-ResidencyImageRegistry: images come from one registry inside the jurisdiction. */
export const ResidencyImageRegistry = defineRule(
  {
    id: 'Sovereign-ResidencyImageRegistry',
    level: 'error',
    family: 'residency',
    description:
      'Every image of a `kubernetes_deployment_v1` names one registry host explicitly, not a public registry (Docker Hub, ghcr.io, quay.io, gcr.io, registry.k8s.io, nvcr.io, public.ecr.aws, mcr.microsoft.com), and the workload declares that registry\'s country (label `sovereign-ai/registry-country`) inside the jurisdiction.',
    appliesTo: ['kubernetes_deployment_v1'],
  },
  function ResidencyImageRegistry(d, ctx) {
    const j = ctx.jurisdiction!;
    const { containers, labels } = podOf(d);
    const hosts = new Set<string>();
    const problems = containers.map((x) => {
      const image = typeof x.c.image === 'string' ? x.c.image : '';
      const host = registryOf(image);
      if (!host) return `${nameOf(x)} image "${image}" names no registry (Docker Hub is implied): prefix it with the jurisdiction's registry host`;
      hosts.add(host);
      return PUBLIC_REGISTRIES.includes(host) && `${nameOf(x)} pulls "${image}" from the public registry ${host}: mirror it into the jurisdiction's registry`;
    });
    const country = labels['sovereign-ai/registry-country'];
    return verdict([
      ...problems,
      hosts.size > 1 && `images come from ${hosts.size} registries (${[...hosts].join(', ')}): use the one the policy names`,
      !country && 'the workload does not declare its registry\'s country (label sovereign-ai/registry-country)',
      country && !j.countries.includes(country as CountryCode) && `the registry runs in ${describeCountry(country as CountryCode)}, outside ${describeJurisdiction(j)}`,
    ]);
  },
);
