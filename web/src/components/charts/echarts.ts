// ECharts registered piece by piece: only what the charts here draw, so the library stays out of the
// main bundle (it is imported by lazy pages only) and small where it is loaded.
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Everything a chart option may contain here: adding a series type means registering it above. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

const FALLBACK = {
  primary: '#409eff',
  success: '#67c23a',
  warning: '#e6a23c',
  danger: '#f56c6c',
  info: '#909399',
  text: '#606266',
  border: '#e4e7ed',
} as const;

export type ChartColor = keyof typeof FALLBACK;

/** Element Plus's colours as the page has them (a theme may change them); the canvas cannot read CSS variables itself. */
export function chartColors(): Record<ChartColor, string> {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    primary: read('--el-color-primary', FALLBACK.primary),
    success: read('--el-color-success', FALLBACK.success),
    warning: read('--el-color-warning', FALLBACK.warning),
    danger: read('--el-color-danger', FALLBACK.danger),
    info: read('--el-color-info', FALLBACK.info),
    text: read('--el-text-color-regular', FALLBACK.text),
    border: read('--el-border-color-light', FALLBACK.border),
  };
}
