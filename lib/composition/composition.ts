import { Construct } from 'constructs';

/**
 * A construct that composes others and creates them next to itself, in the scope it is given, under
 * ids that do not name the composition (`store-<name>-aws`, `key-aws-<region>`, ...). Their construct
 * paths, and so their Terraform logical ids and state addresses, are the same whether a stack builds
 * them through a composition or one by one: grouping, regrouping or ungrouping deployed resources
 * never moves them in state. The composition node itself synthesizes nothing.
 * Consequence: two compositions of the same kind in one scope would create parts with the same ids
 * (constructs refuses duplicate ids with "There is already a Construct with name ..."): give each its own scope.
 */
export abstract class Composition extends Construct {
  /** Where the parts are created: this construct's parent scope. */
  protected readonly partScope: Construct;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.partScope = scope;
  }
}
