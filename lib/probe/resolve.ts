/**
 * Name resolution as the probe needs it: `--resolve NAME:IP` overrides first (like curl's), then a
 * given DNS server (following CNAMEs, so the answer names the tier DNS chose), else the system
 * resolver.
 */
import { lookup } from 'node:dns/promises';
import { Resolver } from 'node:dns/promises';

export interface Resolution {
  readonly addresses: readonly string[];
  /** Names followed: the dialled name, then each CNAME target. */
  readonly names: readonly string[];
  readonly error?: string;
}

export interface NameResolver {
  resolve(name: string): Promise<Resolution>;
}

const MAX_CNAME_HOPS = 8;

/** Parses `NAME:IP` (IPv4, or IPv6 in brackets); returns an error text for anything else. */
export function parseResolveOverride(value: string): { name: string; address: string } | string {
  const m = /^([a-z0-9.-]+):(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i.exec(value);
  if (!m) return `--resolve "${value}" is not NAME:IP (an IPv4 address, or an IPv6 address in brackets)`;
  return { name: m[1].toLowerCase(), address: m[2].replace(/^\[|\]$/g, '') };
}

/** A resolver with `overrides`; `dnsServer` (`IP` or `IP:PORT`) is asked directly, else the system resolver. */
export function nameResolver(overrides: ReadonlyMap<string, readonly string[]>, dnsServer?: string, timeoutMs = 3000): NameResolver {
  const server = dnsServer ? new Resolver({ timeout: timeoutMs, tries: 1 }) : undefined;
  server?.setServers([dnsServer!]);
  return {
    async resolve(name) {
      const fixed = overrides.get(name);
      if (fixed) return { addresses: fixed, names: [name] };
      if (!server) {
        try {
          const all = await lookup(name, { all: true });
          return { addresses: all.map((a) => a.address), names: [name] };
        } catch (e) {
          return { addresses: [], names: [name], error: `${name} does not resolve (${(e as NodeJS.ErrnoException).code})` };
        }
      }
      const names = [name];
      try {
        for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
          const cname = await server.resolveCname(names[names.length - 1]).catch(() => [] as string[]);
          if (cname.length === 0) break;
          names.push(cname[0].replace(/\.$/, '').toLowerCase());
        }
        return { addresses: await server.resolve4(names[names.length - 1]), names };
      } catch (e) {
        return { addresses: [], names, error: `${names[names.length - 1]} does not resolve at ${dnsServer} (${(e as NodeJS.ErrnoException).code})` };
      }
    },
  };
}
