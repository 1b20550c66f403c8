export { exportPng, fitScale, MAX_EXPORT_PIXELS, MAX_EXPORT_SIDE } from './png';
export { exportSvg, escapeXml } from './svg';
export type { ExportOptions } from './options';
