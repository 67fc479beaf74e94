/** Placement of synthesized resources: the one reader of Terraform JSON (lib/synth-files), which the residency rules use too. */
export { LOCATIONLESS_DATA, placementOf, placements, type Placement } from '../../lib/synth-files';
