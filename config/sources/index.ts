export { ANNUAL_REPORT_EXCLUDE, ANNUAL_REPORT_INCLUDE, DEFAULT_TITLE_FILTER } from './annual-report.ts';
export {
  DEFAULT_SOURCES_FILE,
  defaultSourceEntries,
  defineSource,
  loadSources,
  mergeLayers,
  parseSources,
  readSourcesFile,
  SourceConfigError,
} from './load.ts';
export { isPresetName, PRESET_NAMES, PRESETS, type Preset, type PresetName } from './presets.ts';
export {
  attachmentSelector,
  DEFAULT_CONTENT_SELECTOR,
  type ListStyle,
  type Paging,
  type Source,
  type SourceInput,
  SourceSchema,
  SourcesFileSchema,
  sourceHosts,
} from './schema.ts';
