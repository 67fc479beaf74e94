/**
 * API Management policy documents read with a real XML parser (@xmldom/xmldom), so a test sees what
 * API Management's own parser sees: entities decoded, attributes as values, elements in order.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';

/** Parses `xml`; throws on a bare `&` and on anything xmldom reports (fatal errors, errors and warnings alike). */
export function parseXml(xml: string): Element {
  // xmldom reads a bare `&` as text; XML 1.0 (section 2.4) does not, and neither does API Management
  const bare = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(xml);
  if (bare) throw new Error(`XML error: a bare & at offset ${bare.index}: ${xml.slice(bare.index, bare.index + 20)}`);
  const doc = new DOMParser({
    onError: (level: string, message: string) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  return doc.documentElement!;
}

/** The element children of `e` (no text or comments). */
export function childElements(e: Element): Element[] {
  const out: Element[] = [];
  for (let n = e.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** The one child element named `name`. */
export function child(e: Element, name: string): Element {
  const found = childElements(e).filter((c) => c.tagName === name);
  if (found.length !== 1) throw new Error(`<${e.tagName}> has ${found.length} <${name}> children, expected 1`);
  return found[0];
}

/** The tag names of the children of section `name` (`inbound`, `backend`, ...) of a `<policies>` document. */
export function sectionTags(policies: Element, name: string): string[] {
  return childElements(child(policies, name)).map((c) => c.tagName);
}

/** Every element below `e` named `name`, depth first. */
export function descendants(e: Element, name: string): Element[] {
  return Array.from(e.getElementsByTagName(name)) as Element[];
}
