/**
 * A Mermaid flowchart per jurisdiction: clients → DNS → gateways → models → stores. Only a small,
 * conservative subset of the syntax is written (quoted labels in four shapes with `#quot;`, `#60;`,
 * `#62;` entity codes; `-->`, `-->|text|`, `-.->` and `-. text .->` edges with plain-text labels),
 * so the output stays valid for any Mermaid 9+ renderer.
 */
import type { Hop } from './hops';
import type { Component, Gateway, JurisdictionTopology, Topology } from './model';
import { operatorNamed, type OperatorTable } from './operators';

type Shape = 'box' | 'stadium' | 'hexagon' | 'cylinder';

const SHAPES: Readonly<Record<Shape, [string, string]>> = { box: ['["', '"]'], stadium: ['(["', '"])'], hexagon: ['{{"', '"}}'], cylinder: ['[("', '")]'] };

/**
 * Label text Mermaid shows verbatim inside double quotes: `#` first (so a name holding `#quot;`
 * shows as written), then the quote that would end the label, `<` `>` (HTML in labels), the
 * backtick that would start a Markdown string, and line breaks and other control characters.
 * Entity codes are Mermaid's (`#quot;`, `#<decimal>;`: mermaid.js.org/syntax/flowchart.html,
 * "Entity codes to escape characters"); checked with the real parser in test/analysis/mermaid-parser.test.ts.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#60;')
    .replace(/>/g, '#62;')
    .replace(/`/g, '#96;')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** Edge label text: letters, digits, spaces and . : - only (no dots in dotted-link labels). */
export function mermaidEdgeText(text: string): string {
  return text.replace(/[^A-Za-z0-9 .:-]/g, ' ').replace(/\s+/g, ' ').trim();
}

class Diagram {
  private readonly lines: string[] = ['flowchart LR'];
  private readonly ids = new Map<string, string>();

  node(key: string, label: string, shape: Shape): string {
    const known = this.ids.get(key);
    if (known) return known;
    const id = `n${this.ids.size + 1}`;
    this.ids.set(key, id);
    const [open, close] = SHAPES[shape];
    this.lines.push(`  ${id}${open}${mermaidText(label)}${close}`);
    return id;
  }

  edge(from: string, to: string, label?: string, dotted = false): void {
    const text = label ? mermaidEdgeText(dotted ? label.replace(/\./g, ' ') : label) : '';
    const link = dotted ? (text ? `-. ${text} .->` : '-.->') : text ? `-->|${text}|` : '-->';
    this.lines.push(`  ${from} ${link} ${to}`);
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

function where(c: Component, topo: Topology): string {
  const home = operatorNamed(topo.operators, c.operator).home ?? '?';
  return `${c.region ?? c.country ?? 'global'}, ${c.operator} ${home}`;
}

function gatewayFor(host: string, topo: Topology, hops = 0): Gateway | undefined {
  const direct = topo.gatewaysByHost.get(host);
  if (direct || hops > 8) return direct;
  for (const z of topo.zones) {
    const rec = z.records.find((r) => r.name === host && !r.failover && !r.geoCountry && r.type !== 'NS');
    if (rec?.aliasGateway) return rec.aliasGateway;
    const next = rec?.aliasName ?? rec?.targets[0];
    if (next) return gatewayFor(next, topo, hops + 1);
  }
  return undefined;
}

/** The flowchart of one jurisdiction (without the ```mermaid fence). */
export function jurisdictionDiagram(j: JurisdictionTopology, topo: Topology): string {
  const d = new Diagram();
  const shown = j.clientCountries.slice(0, 6).join(' ') + (j.clientCountries.length > 6 ? ' ...' : '');
  const clients = d.node('clients', `clients of ${j.id}: ${j.clientCountries.length} countries (${shown || 'none'})`, 'stadium');
  let entry = clients;
  const routing = topo.routing;
  if (routing?.parentZone) {
    const parent = d.node('dns:parent', `${routing.parentZone.name}: geolocation (${routing.parentZone.component.dnsProvider}, ${where(routing.parentZone.component, topo)})`, 'hexagon');
    d.edge(clients, parent);
    entry = parent;
  } else if (routing?.trafficManager) {
    const tm = d.node('dns:tm', `${routing.trafficManager.component.label} (${where(routing.trafficManager.component, topo)})`, 'hexagon');
    d.edge(clients, tm);
    entry = tm;
  }
  if (j.zone) {
    const zone = d.node('dns:zone', `${j.zone.name}: failover (${j.zone.component.dnsProvider}, ${where(j.zone.component, topo)})`, 'hexagon');
    d.edge(entry, zone, 'delegation');
    entry = zone;
  }
  const endpointIds = new Map<string, string>();
  for (const link of j.chain) {
    const g = gatewayFor(link.hostname, topo);
    const declared = j.declared.endpoints.find((e) => e.hostname === link.hostname);
    const label = g
      ? `${link.name}: ${g.component.label} (${where(g.component, topo)})`
      : `${link.name}: ${link.hostname} (${declared ? `declared, runs in ${declared.country}, ${declared.operator} ${operatorNamed(topo.operators, declared.operator).home ?? '?'}` : 'not found'})`;
    const id = d.node(`endpoint:${link.name}`, label, 'box');
    endpointIds.set(link.name, id);
    d.edge(entry, id, `${link.position}. ${link.via}`);
    if (g?.model) {
      const model = d.node(g.model.component.address, `${g.model.detail} (${where(g.model.component, topo)})`, 'box');
      d.edge(id, model);
      const a = g.model.artifacts;
      const store = a && j.stores.find((s) => s.copies.some((c) => c.component === a));
      if (a) d.edge(model, d.node(`${a.address}@${a.region}`, `store ${store?.name ?? '?'}: ${a.label} (${where(a, topo)})`, 'cylinder'), 'artifacts');
    }
  }
  for (const ext of topo.externalDns.filter((x) => x.answers[j.id])) {
    const home = operatorNamed(topo.operators, ext.operator).home ?? '?';
    const id = d.node(`dns:ext:${ext.name}`, `${ext.name}: declared DNS provider (${ext.operator} ${home})`, 'hexagon');
    d.edge(clients, id, 'when the main DNS fails', true);
    const target = endpointIds.get(ext.answers[j.id]);
    if (target) d.edge(id, target, 'answers', true);
  }
  for (const store of j.stores) {
    const [first, ...rest] = store.copies.map((c) => d.node(`${c.component.address}@${c.component.region}`, `store ${store.name}: ${c.component.label} (${where(c.component, topo)})`, 'cylinder'));
    for (const r of rest) d.edge(first, r, 'copy', true);
  }
  return d.toString();
}

/**
 * The path that answers under one scenario, one node per hop (without the ```mermaid fence): the
 * clients, DNS hops as hexagons, the tier as boxes, each labelled with its operator, the operator's
 * home and the country it runs in. Any role renders (hops added by other parts of the analysis).
 */
export function pathDiagram(hops: readonly Hop[], operators: OperatorTable): string {
  const d = new Diagram();
  let previous: string | undefined;
  hops.forEach((h, i) => {
    const who = h.operator ? `, ${h.operator} ${operatorNamed(operators, h.operator).home ?? '?'}` : '';
    const where = h.country ? `in ${h.country}` : h.role === 'clients' ? '' : 'global';
    const label = h.role === 'clients' ? h.name : `${h.role}: ${h.name} (${where}${who})`;
    const shape: Shape = h.role === 'clients' ? 'stadium' : /^(dns|root|tld)$/.test(h.role) || h.role.startsWith('dns') ? 'hexagon' : 'box';
    const id = d.node(`hop:${i}`, label, shape);
    if (previous) d.edge(previous, id);
    previous = id;
  });
  return d.toString();
}
