/**
 * A test-only operator, added the way the README's "Adding a cloud or operator" says: one catalog
 * row (`NATK8S`, registered with `registerOperator`) and one construct adapter
 * (`NatK8sInferenceEndpoint`). Nothing else in lib/ knows it: policy validation, the rule pack, the
 * tagging aspect and the analysis place it through the row.
 *
 * It stands for the next operators (a national operator running a Kubernetes cluster): home IN, a
 * Terraform provider `natk8s` whose resources carry their region in `zone` and have no provider-level
 * default tags.
 */
import { TerraformResource } from 'cdktn';
import { Construct } from 'constructs';
import { regionProblem, type Jurisdiction, type OperatorRow, type Region } from '../../lib/catalog';

const region = (code: string, city: string, country: string): Region => ({ cloud: 'natk8s', code, city, country, partition: 'natk8s', optIn: false, restricted: false, pairedRegion: null });

/** The catalog row. */
export const NATK8S: OperatorRow = {
  name: 'natk8s',
  displayName: 'NatK8s',
  description: 'a national Kubernetes operator (test only)',
  home: 'IN',
  cloud: 'natk8s',
  partitions: ['natk8s'],
  dnsSuffix: 'k8s.example.in',
  terraform: { resourcePrefix: 'natk8s_', providerName: 'natk8s', regionAttribute: 'zone', providerDefaultTags: false },
  regions: [region('in-mum-1', 'Mumbai', 'IN'), region('in-hyd-1', 'Hyderabad', 'IN'), region('sg-sin-1', 'Singapore', 'SG')],
};

export interface NatK8sInferenceEndpointProps {
  readonly jurisdiction: Jurisdiction;
  /** A region of the natk8s row, inside the jurisdiction. */
  readonly region: Region;
  /** The open-weight model it serves. */
  readonly model: string;
}

/** A resource of the natk8s provider, taggable like any provider resource (`tags`, `tagsInput`). */
class NatK8sEndpointResource extends TerraformResource {
  public tags: Record<string, string> = {};
  constructor(scope: Construct, id: string, private readonly props: { zone: string; model: string }) {
    super(scope, id, { terraformResourceType: 'natk8s_inference_endpoint' });
  }
  public get tagsInput(): Record<string, string> {
    return this.tags;
  }
  protected synthesizeAttributes(): Record<string, unknown> {
    return { zone: this.props.zone, model: this.props.model, tags: this.tags };
  }
}

/** The construct adapter: refuses a region outside the jurisdiction with the residency kernel's message. */
export class NatK8sInferenceEndpoint extends Construct {
  public readonly resource: TerraformResource;
  constructor(scope: Construct, id: string, props: NatK8sInferenceEndpointProps) {
    super(scope, id);
    const problem = regionProblem(props.region, props.jurisdiction, NATK8S.cloud);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    this.resource = new NatK8sEndpointResource(this, 'endpoint', { zone: props.region.code, model: props.model });
  }
}
