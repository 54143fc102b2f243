export type { FamilyApp, FamilyDefinition, Reply } from './family.ts';
export { FAMILIES, FAMILY_NAMES, type FamilyName } from './registry.ts';
export {
  type FamilyPortal,
  type FamilyPortalOptions,
  type FamilyTruth,
  startFamilyPortal,
} from './server.ts';
