import { TerraformResource, type IAspect } from 'cdktn';
import type { IConstruct } from 'constructs';

/** The tags every resource of a jurisdiction carries. */
export function residencyTags(jurisdictionId: string, residency: string): Record<string, string> {
  return { jurisdiction: jurisdictionId, 'data-residency': residency, 'managed-by': 'cdktf-sovereign-ai' };
}

interface Taggable {
  tags: Record<string, string>;
  readonly tagsInput?: Record<string, string>;
}

function isTaggable(node: IConstruct): node is TerraformResource & Taggable {
  return node instanceof TerraformResource && 'tagsInput' in node;
}

/**
 * Adds tags to every taggable azurerm resource (azurerm has no provider-level default tags; AWS
 * resources get theirs from the provider's `default_tags`). Tags set on a resource win.
 */
export class AzureDefaultTags implements IAspect {
  constructor(private readonly tags: Record<string, string>) {}

  visit(node: IConstruct): void {
    if (isTaggable(node) && node.terraformResourceType.startsWith('azurerm_')) {
      node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
    }
  }
}
