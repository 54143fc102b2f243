/**
 * ECharts publishes types for its aggregate entry points only (`echarts/charts` …), which load every
 * chart and component: importing the few installers we use from `echarts/lib/…` halves the load
 * time of `xxgk chart` (measured in README.md). Each of these modules exports one installer.
 */
declare module 'echarts/lib/chart/bar/install.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/chart/line/install.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/chart/heatmap/install.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/component/grid/installSimple.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/component/title/install.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/component/legend/installLegendPlain.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/component/visualMap/installVisualMapContinuous.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/component/visualMap/installVisualMapPiecewise.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/component/graphic/install.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/label/installLabelLayout.js' {
  export const installLabelLayout: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
declare module 'echarts/lib/renderer/installSVGRenderer.js' {
  export const install: Exclude<Parameters<typeof import('echarts/core').use>[0], unknown[]>;
}
