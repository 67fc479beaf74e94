/** Placement of synthesized resources: the logic lives in lib/checks (the residency rules use it too). */
export { LOCATIONLESS_DATA, placementOf, placements, type Placement } from '../../lib/checks/placement';
