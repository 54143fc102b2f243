/** The CMS families the imitation portals render, by name (see test/portal/README.md). */
import { epoint } from './epoint.ts';
import type { FamilyDefinition } from './family.ts';
import { generic } from './generic.ts';
import { hanweb, hanwebProxy } from './hanweb.ts';
import { jiyue } from './jiyue.ts';
import { trs } from './trs.ts';

export const FAMILIES = {
  hanweb,
  'hanweb-proxy': hanwebProxy,
  trs,
  epoint,
  jiyue,
  generic,
} satisfies Record<string, FamilyDefinition>;
export type FamilyName = keyof typeof FAMILIES;
export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];
