import { TerraformResource, type IAspect } from 'cdktn';
import type { IConstruct } from 'constructs';
import { operatorOfResourceType } from '../catalog';

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
 * Adds tags to every taggable resource of an operator whose provider has no provider-level default
 * tags (the catalog row's `terraform.providerDefaultTags` is false: azurerm; AWS resources get theirs
 * from the provider's `default_tags`). Tags set on a resource win.
 */
export class AzureDefaultTags implements IAspect {
  constructor(private readonly tags: Record<string, string>) {}

  visit(node: IConstruct): void {
    if (isTaggable(node) && operatorOfResourceType(node.terraformResourceType)?.terraform?.providerDefaultTags === false) {
      node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
    }
  }
}

/** The same aspect under a name that says what it does for any operator of the catalog. */
export const ResourceDefaultTags = AzureDefaultTags;
