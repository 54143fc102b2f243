export { BUILTIN_SOURCE } from './builtin.ts';
export { defineSource, loadSources, SourceConfigError } from './load.ts';
export { PRESETS, type Preset } from './presets.ts';
export {
  type ListStyle,
  type Paging,
  type Source,
  type SourceInput,
  SourceSchema,
  sourceHosts,
} from './schema.ts';
